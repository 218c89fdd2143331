"""Assessment documents of format version 2 carry the visit's kind as data, whether it was
remote and whether it renewed the lower award; version 1 documents still import."""

import copy
import json

import pytest

from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, export_document, import_document, validate_document
from tests.factories import AssessorFactory, DirectorFactory


@pytest.fixture
def people(db):
    AssessorFactory(email="roger.yates@iqm.example")
    DirectorFactory(email="joe.mccann@iqm.example")


@pytest.fixture
def v2():
    return json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def as_v1(doc):
    old = copy.deepcopy(doc)
    old["format_version"] = 1
    del old["remote"], old["renews_lower_award"], old["report_structure"], old["sections"]
    del old["targets"], old["research_project"], old["carried"]
    return old


@pytest.mark.django_db
def test_a_version_1_document_still_imports(people, v2):
    assessment = import_document(as_v1(v2))
    assert assessment.kind_id == "reassessment"
    assert assessment.remote is False
    assert export_document(assessment)["format_version"] == 4


@pytest.mark.django_db
def test_a_version_1_document_naming_the_framework_current_finds_the_renamed_one(people, v2):
    doc = as_v1(v2)
    doc["framework"] = {"name": "IQM Evaluative Framework", "version": "current"}
    with pytest.raises(ImportProblems) as refused:
        validate_document(doc)
    # The ten 2010 elements do not fit the eight-element framework, which was found.
    assert not any(p.startswith("framework:") for p in refused.value.problems)
    assert (
        "elements: element 8 (Links with Local, Wider and Global Community) is missing"
        not in refused.value.problems
    )


@pytest.mark.django_db
def test_version_2_carries_remote_and_the_renewal_both_ways(people, v2):
    v2["kind"] = "coe_review"
    v2["remote"] = True
    v2["renews_lower_award"] = True
    assessment = import_document(v2)
    assert (assessment.kind_id, assessment.remote, assessment.renews_lower_award) == (
        "coe_review",
        True,
        True,
    )
    exported = export_document(assessment)
    assert (exported["kind"], exported["remote"], exported["renews_lower_award"]) == (
        "coe_review",
        True,
        True,
    )


@pytest.mark.django_db
def test_version_1_knows_only_its_four_kinds_and_version_2_every_kind_in_the_database(people, v2):
    old = as_v1(v2)
    old["kind"] = "coe_assessment"
    with pytest.raises(ImportProblems) as refused:
        validate_document(old)
    assert any(
        p.startswith(
            'kind: "coe_assessment" is not a kind of visit this app knows; it must be one of "assessment"'
        )
        for p in refused.value.problems
    )
    v2["kind"] = "coe_assessment"
    assert validate_document(v2)["kind"] == "coe_assessment"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"kind": "inspection"},
            'kind: "inspection" is not a kind of visit this app knows; it must be one of "assessment", "reassessment"',
        ),
        ({"remote": "yes"}, "remote: must be true or false"),
        ({"renews_lower_award": None}, "renews_lower_award: must be true or false"),
        ({"framework": {"name": "IQM", "version": "1999"}}, 'framework: no framework "IQM" version "1999"'),
    ],
)
def test_bad_version_2_fields_are_refused_by_name_and_nothing_changes(people, v2, change, problem):
    from assessments.models import Assessment

    v2.update(change)
    with pytest.raises(ImportProblems) as refused:
        import_document(v2)
    assert any(p.startswith(problem) for p in refused.value.problems), refused.value.problems
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_a_version_1_document_with_version_2_fields_is_refused(people, v2):
    doc = copy.deepcopy(v2)
    doc["format_version"] = 1
    with pytest.raises(ImportProblems) as refused:
        validate_document(doc)
    assert "remote: is not a field of this format" in refused.value.problems
