"""export_document and import_document on factory-built assessments, without the demo: the
whole exported document compared exactly, and what an import writes (docs/assessment-format.md).
Fast enough for a mutation run to lean on (docs/testing.md)."""

import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import emails
from assessments.interchange import ImportProblems, export_document, import_document
from assessments.models import Assessment, Event, Finding, Framework, Statement, StatementKind, Status
from assessments.sections import Quotation, Section
from schools.models import School
from tests.factories import AssessmentFactory, AssessorFactory, DirectorFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DOCUMENT_KEYS = [
    "format", "format_version", "school", "framework", "kind", "status", "visit_start", "visit_end", "remote",
    "renews_lower_award", "letter_date", "lead_assessor", "co_assessors", "confirmed_by", "confirmed_at",
    "summary", "recommendation", "outcome", "reassessment_years", "context", "evidence", "key_areas_of_success",
    "minor_areas_for_development", "elements", "report_structure", "sections", "targets", "research_project",
    "carried",
]  # fmt: skip
SCHOOL_KEYS = [
    "name", "addressed_name", "address_lines", "town", "county", "postcode", "local_authority", "phase",
    "number_on_roll", "headteacher_title", "headteacher_name",
]  # fmt: skip
ELEMENT_KEYS = ["number", "title", "narrative", "strengths", "areas_for_development", "no_significant_areas"]


def statement(assessment, kind, position, text, finding=None) -> Statement:
    return Statement.objects.create(
        assessment=assessment, kind=kind, position=position, text=text, finding=finding
    )


@pytest.fixture
def heath(db) -> Assessment:
    """A confirmed, themed assessment with its rows written out of order."""
    school = SchoolFactory(
        name="The Heath Specialist Technology College",
        addressed_name="The Heath School",
        address_lines="Clifton Road\nHalton Lea",
        town="Runcorn",
        county="Cheshire",
        postcode="WA7 4SY",
        local_authority="Halton",
        phase="secondary",
        number_on_roll=1059,
        headteacher_title="Mrs",
        headteacher_name="Heather Mullaney",
    )
    lead = AssessorFactory(email="roger@iqm.example")
    assessment = AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind="reassessment",
        visit_start=datetime.date(2010, 7, 14),
        visit_end=datetime.date(2010, 7, 15),
        letter_date=None,
        remote=True,
        renews_lower_award=False,
        summary="Summary.",
        recommendation="Recommended.",
        outcome="yes",
        reassessment_years=3,
        context="Context.",
        evidence="Evidence.",
        report_structure="themed",
    )
    assessment.co_assessors.add(
        AssessorFactory(email="zoe@iqm.example"), AssessorFactory(email="amy@iqm.example")
    )
    statement(assessment, StatementKind.MINOR_AREA, 2, "Minor two.")
    statement(assessment, StatementKind.KEY_SUCCESS, 2, "Key two.")
    statement(assessment, StatementKind.KEY_SUCCESS, 1, "Key one.")
    statement(assessment, StatementKind.MINOR_AREA, 1, "Minor one.")
    elements = {e.number: e for e in assessment.framework.elements.all()}
    third = Finding.objects.create(assessment=assessment, element=elements[3], narrative="Third.")
    first = Finding.objects.create(
        assessment=assessment, element=elements[1], narrative="First.", no_significant_areas=True
    )
    statement(assessment, StatementKind.STRENGTH, 2, "Third strength two.", third)
    statement(assessment, StatementKind.AREA, 1, "Third area one.", third)
    statement(assessment, StatementKind.STRENGTH, 1, "Third strength one.", third)
    statement(assessment, StatementKind.STRENGTH, 1, "First strength one.", first)
    Section.objects.create(assessment=assessment, position=2, heading="Later", narrative="Second section.")
    sooner = Section.objects.create(assessment=assessment, position=1, heading="Sooner", narrative="")
    Quotation.objects.create(
        assessment=assessment, section=sooner, position=2, text="Quote two.", attribution=""
    )
    Quotation.objects.create(
        assessment=assessment, section=sooner, position=1, text="Quote one.", attribution="A parent"
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Status.CONFIRMED,
        confirmed_by=DirectorFactory(email="joe@iqm.example"),
        confirmed_at=datetime.datetime(
            2010, 8, 3, 10, 0, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
        ),
        letter_date=datetime.date(2010, 8, 3),
    )
    return Assessment.objects.get(pk=assessment.pk)


def test_it_exports_the_whole_assessment_in_the_documented_order(heath):
    doc = export_document(heath)
    assert list(doc) == DOCUMENT_KEYS
    assert list(doc["school"]) == SCHOOL_KEYS
    assert [list(element) for element in doc["elements"]] == [ELEMENT_KEYS, ELEMENT_KEYS]
    assert doc == {
        "format": "iqm-assessment",
        "format_version": 4,
        "school": {
            "name": "The Heath Specialist Technology College",
            "addressed_name": "The Heath School",
            "address_lines": ["Clifton Road", "Halton Lea"],
            "town": "Runcorn",
            "county": "Cheshire",
            "postcode": "WA7 4SY",
            "local_authority": "Halton",
            "phase": "secondary",
            "number_on_roll": 1059,
            "headteacher_title": "Mrs",
            "headteacher_name": "Heather Mullaney",
        },
        "framework": {"name": "Inclusion Quality Mark", "version": "2010"},
        "kind": "reassessment",
        "status": "confirmed",
        "visit_start": "2010-07-14",
        "visit_end": "2010-07-15",
        "remote": True,
        "renews_lower_award": False,
        "letter_date": "2010-08-03",
        "lead_assessor": "roger@iqm.example",
        "co_assessors": ["amy@iqm.example", "zoe@iqm.example"],
        "confirmed_by": "joe@iqm.example",
        "confirmed_at": "2010-08-03T09:00:05+00:00",
        "summary": "Summary.",
        "recommendation": "Recommended.",
        "outcome": "yes",
        "reassessment_years": 3,
        "context": "Context.",
        "evidence": "Evidence.",
        "key_areas_of_success": ["Key one.", "Key two."],
        "minor_areas_for_development": ["Minor one.", "Minor two."],
        "elements": [
            {
                "number": 1,
                "title": "Learner Progress",
                "narrative": "First.",
                "strengths": ["First strength one."],
                "areas_for_development": [],
                "no_significant_areas": True,
            },
            {
                "number": 3,
                "title": "Leadership & Management",
                "narrative": "Third.",
                "strengths": ["Third strength one.", "Third strength two."],
                "areas_for_development": ["Third area one."],
                "no_significant_areas": False,
            },
        ],
        "report_structure": "themed",
        "sections": [
            {
                "heading": "Sooner",
                "narrative": "",
                "quotations": [
                    {"text": "Quote one.", "attribution": "A parent"},
                    {"text": "Quote two.", "attribution": ""},
                ],
            },
            {"heading": "Later", "narrative": "Second section.", "quotations": []},
        ],
        "targets": [],
        "research_project": None,
        "carried": [],
    }


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_number_of_elements(complete_draft):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export = export_document(Assessment.objects.get(pk=complete_draft.pk))
        assert len(export["elements"]) == Finding.objects.filter(assessment=complete_draft).count()
        return len(captured)

    with_all = queries()
    Finding.objects.filter(assessment=complete_draft, element__number__gt=2).delete()
    assert queries() == with_all


def test_a_draft_exports_its_missing_dates_and_people_as_null(school, lead):
    draft = AssessmentFactory(school=school, lead_assessor=lead, visit_start=None, visit_end=None)
    doc = export_document(draft)
    assert [
        doc[key] for key in ("visit_start", "visit_end", "letter_date", "confirmed_by", "confirmed_at")
    ] == [None] * 5
    assert (
        doc["status"],
        doc["co_assessors"],
        doc["elements"],
        doc["sections"],
        doc["report_structure"],
    ) == (
        "draft",
        [],
        [],
        [],
        "elements",
    )
    assert (doc["remote"], doc["renews_lower_award"], doc["reassessment_years"], doc["outcome"]) == (
        False,
        False,
        None,
        "",
    )


# Import ------------------------------------------------------------------------------------


@pytest.fixture
def document(complete_draft, co_assessor) -> dict:
    """A complete draft's document, for a school of its own, with longer lists, the elements out of
    order, and remote and the renewal set."""
    doc = copy.deepcopy(export_document(complete_draft))
    doc["school"].update(
        name="Brookfield Primary", postcode="L1 1AA", address_lines=["Brook Lane", "Liverpool"]
    )
    doc["co_assessors"] = sorted([co_assessor.email, AssessorFactory(email="zz@iqm.example").email])
    doc.update(
        remote=True,
        renews_lower_award=True,
        key_areas_of_success=["K1.", "K2.", "K3."],
        minor_areas_for_development=["M1.", "M2."],
    )
    doc["elements"][1].update(strengths=["S1.", "S2."], areas_for_development=[], no_significant_areas=True)
    doc["elements"].reverse()
    return doc


def in_number_order(doc: dict) -> dict:
    ordered = copy.deepcopy(doc)
    ordered["elements"].sort(key=lambda element: element["number"])
    return ordered


def test_an_imported_document_exports_as_it_was_read(document, complete_draft):
    before = Assessment.objects.count()
    imported = import_document(document)
    assert Assessment.objects.count() == before + 1
    assert imported.pk != complete_draft.pk
    assert imported.school.name == "Brookfield Primary"
    assert imported.school != complete_draft.school
    assert export_document(Assessment.objects.get(pk=imported.pk)) == in_number_order(document)


def test_statements_and_findings_are_written_in_order_from_position_1(document):
    imported = import_document(document)
    assert list(
        Statement.objects.filter(assessment=imported, finding=None)
        .order_by("kind", "position")
        .values_list("kind", "position", "text")
    ) == [
        ("key_success", 1, "K1."),
        ("key_success", 2, "K2."),
        ("key_success", 3, "K3."),
        ("minor_area", 1, "M1."),
        ("minor_area", 2, "M2."),
    ]
    second = Finding.objects.get(assessment=imported, element__number=2)
    assert list(second.statements.order_by("kind", "position").values_list("kind", "position", "text")) == [
        ("strength", 1, "S1."),
        ("strength", 2, "S2."),
    ]
    assert second.no_significant_areas is True
    # Written in the framework's order, though the document lists them backwards.
    assert list(
        Finding.objects.filter(assessment=imported).order_by("pk").values_list("element__number", flat=True)
    ) == list(range(1, 11))


def test_the_co_assessors_and_the_importer_are_recorded(document, director):
    imported = import_document(document, by=director)
    assert sorted(imported.co_assessors.values_list("email", flat=True)) == document["co_assessors"]
    assert list(Event.objects.filter(assessment=imported).values_list("action", "by")) == [
        (Event.Action.IMPORTED, director.pk)
    ]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_it_imports_each_open_state(document, status):
    imported = import_document(dict(document, status=status))
    stored = Assessment.objects.get(pk=imported.pk)
    assert stored.status == status
    assert export_document(stored) == in_number_order(dict(document, status=status))


def test_it_imports_a_confirmed_document_with_its_director_and_time(
    document, director, monkeypatch, django_capture_on_commit_callbacks
):
    doc = dict(
        document,
        status=Status.CONFIRMED,
        confirmed_by=director.email.upper(),
        confirmed_at="2026-11-21T10:15:00+01:00",
    )
    events = []
    monkeypatch.setattr(emails, "send_for_event", lambda event, *args, **kwargs: events.append(event))
    with django_capture_on_commit_callbacks(execute=True):
        imported = import_document(doc)
    assert events == []  # a historical report: no one is told it was issued
    stored = Assessment.objects.get(pk=imported.pk)
    assert (stored.status, stored.confirmed_by, stored.confirmed_at) == (
        Status.CONFIRMED,
        director,
        datetime.datetime(2026, 11, 21, 9, 15, tzinfo=datetime.UTC),
    )
    assert export_document(stored) == in_number_order(
        dict(doc, confirmed_by=director.email, confirmed_at="2026-11-21T09:15:00+00:00")
    )


def test_a_themed_document_writes_its_sections_and_quotations_in_order(document):
    doc = dict(
        document,
        report_structure="themed",
        elements=document["elements"][:2],
        sections=[
            {"heading": "One", "narrative": "N1.", "quotations": []},
            {
                "heading": "Two",
                "narrative": "",
                "quotations": [
                    {"text": "Q1.", "attribution": "A parent"},
                    {"text": "Q2.", "attribution": ""},
                ],
            },
        ],
    )
    imported = import_document(doc)
    assert Assessment.objects.get(pk=imported.pk).report_structure == "themed"
    assert list(
        Section.objects.filter(assessment=imported).values_list("position", "heading", "narrative")
    ) == [
        (1, "One", "N1."),
        (2, "Two", ""),
    ]
    assert list(
        Quotation.objects.filter(assessment=imported)
        .order_by("position")
        .values_list("section__heading", "position", "text", "attribution")
    ) == [("Two", 1, "Q1.", "A parent"), ("Two", 2, "Q2.", "")]
    assert export_document(imported)["sections"] == doc["sections"]
    assert [e["number"] for e in export_document(imported)["elements"]] == [9, 10]


# The school --------------------------------------------------------------------------------


def brookfield(**changes) -> School:
    return SchoolFactory(
        **{
            "name": "Brookfield Primary",
            "postcode": "L1 1AA",
            "addressed_name": "Brookfield Primary",
            "address_lines": "Brook Lane\nLiverpool",
            "town": "Runcorn",
            "county": "Cheshire",
            "local_authority": "Halton",
            "phase": "secondary",
            "number_on_roll": 900,
            "headteacher_title": "Ms",
            "headteacher_name": "Alex Morgan",
        }
        | changes
    )


def test_the_same_school_with_the_same_fields_is_used_again(document):
    assert document["school"]["addressed_name"] != "Brookfield Primary"
    document["school"]["addressed_name"] = "Brookfield Primary"
    existing = brookfield()
    schools = School.objects.count()
    assert import_document(document).school == existing
    assert School.objects.count() == schools


def test_a_school_that_exists_with_other_fields_is_named_and_nothing_is_written(document):
    document["school"]["addressed_name"] = "Brookfield Primary"
    brookfield(town="Widnes", address_lines="Brook Lane", number_on_roll=5, headteacher_title="Dr")
    before = (
        Assessment.objects.count(),
        Finding.objects.count(),
        Statement.objects.count(),
        School.objects.count(),
    )
    with pytest.raises(ImportProblems) as caught:
        import_document(document)
    school = 'school.{}: the school "Brookfield Primary" (L1 1AA) already exists with "{}" here'
    assert caught.value.problems == [
        school.format("town", "Widnes"),
        school.format("headteacher_title", "Dr"),
        school.format("address_lines", "Brook Lane"),
        school.format("number_on_roll", 5),
    ]
    assert str(caught.value) == "\n".join(caught.value.problems)
    assert (
        Assessment.objects.count(),
        Finding.objects.count(),
        Statement.objects.count(),
        School.objects.count(),
    ) == before


def test_a_school_without_a_postcode_is_found_again_by_its_name(document):
    document["school"]["postcode"] = ""
    first = import_document(document)
    assert (first.school.name, first.school.postcode) == ("Brookfield Primary", "")
    assert import_document(document).school == first.school


def test_an_imported_assessment_is_of_the_documents_framework_and_kind_with_its_parts(document):
    framework = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    targets = [{"text": "Widen the outreach.", "lead": "SENCo", "by_when": "July"}]
    doc = dict(document, kind="coe_review", targets=targets)
    imported = Assessment.objects.get(pk=import_document(doc).pk)
    assert export_document(imported) == in_number_order(doc)
    assert (imported.framework, imported.kind_id, imported.remote, imported.renews_lower_award) == (
        framework,
        "coe_review",
        True,
        True,
    )
