"""The framework is data: the migrations create the 2010 and current frameworks, and a third
one needs no code change."""

import json

import pytest

from assessments.interchange import export_document, import_document
from assessments.models import Element, Framework
from tests.factories import AssessmentFactory

REFERENCE_ELEMENTS = [
    "Learner Progress",
    "Learner Attitude, Values & Personal Development",
    "Leadership & Management",
    "Staffing System & Organisation",
    "The Learning Environment",
    "Teaching & Learning",
    "Resources & ICT",
    "Parents & Carers",
    "Governors, External Partners & Local Authority",
    "The Community",
]
CURRENT_ELEMENTS = [
    "Inclusion Values of the School",
    "Leadership, Management and Accountability",
    "Curriculum – Structure, Pupil Engagement and Adaptation",
    "Teaching and Learning – Learning Environment, Planning Resources and Pedagogy",
    "Assessment",
    "Behaviour, Attitudes to Learning and Personal Development",
    "Parents, Carers and Guardians",
    "Links with Local, Wider and Global Community",
]


@pytest.mark.django_db
def test_it_creates_exactly_the_ten_reference_elements_in_order():
    framework = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    elements = list(framework.elements.order_by("number").values_list("number", "title"))
    assert elements == list(enumerate(REFERENCE_ELEMENTS, start=1))


@pytest.mark.django_db
def test_it_creates_exactly_the_eight_current_elements_in_order():
    framework = Framework.objects.get(is_current=True)
    elements = list(framework.elements.order_by("number").values_list("number", "title"))
    assert elements == list(enumerate(CURRENT_ELEMENTS, start=1))
    assert Framework.objects.count() == 2


@pytest.mark.django_db
def test_it_takes_a_third_framework_without_code_changes(lead, director):
    framework = Framework.objects.create(name="IQM Pilot", version="2030")
    Element.objects.bulk_create(
        Element(framework=framework, number=n, title=title)
        for n, title in enumerate(["Belonging", "Voice", "Access"], start=1)
    )
    assessment = AssessmentFactory(framework=framework, lead_assessor=lead)
    from tests.factories import fill_complete

    fill_complete(assessment)
    document = export_document(assessment)
    assert [e["title"] for e in document["elements"]] == ["Belonging", "Voice", "Access"]

    copy = import_document(json.loads(json.dumps(document)))
    assert copy.framework == framework
    assert [f.element.title for f in copy.findings.order_by("element__number")] == [
        "Belonging",
        "Voice",
        "Access",
    ]
    assert str(copy.findings.get(element__number=3).element) == "Element 3 - Access"
