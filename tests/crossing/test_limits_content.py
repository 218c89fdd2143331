"""What one assessment may hold is bounded (assessments.limits): per field, per list item, per
list and in total, with a message at the limit and nothing written, in the editor and in the
import. The reference report is far under every limit."""

import copy
import json

import pytest
from django.urls import reverse

from assessments import editing, limits
from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, import_document, validate_document
from assessments.models import Assessment, Finding, Statement, StatementKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, lead):
    client.force_login(lead)
    return client


def test_the_reference_report_is_far_under_every_limit():
    doc = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    fields = [doc[key] for key in ("summary", "context", "evidence", "recommendation")]
    fields += [element["narrative"] for element in doc["elements"]]
    lists = [doc["key_areas_of_success"], doc["minor_areas_for_development"]]
    lists += [element[key] for element in doc["elements"] for key in ("strengths", "areas_for_development")]
    items = [item for items in lists for item in items]
    assert max(map(len, fields)) * 4 < limits.MAX_FIELD_LENGTH
    assert max(map(len, items)) * 4 < limits.MAX_ITEM_LENGTH
    assert max(map(len, lists)) * 4 < limits.MAX_LIST_ITEMS
    assert (sum(map(len, fields)) + sum(map(len, items))) * 4 < limits.MAX_TOTAL_LENGTH


# The editor -------------------------------------------------------------------------------


def test_a_list_item_longer_than_allowed_is_refused_with_its_length(editor, draft):
    response = editor.post(
        reverse("statement_add", args=[draft.pk, "key_success"]),
        {"key_success-add-text": "y" * (limits.MAX_ITEM_LENGTH + 1)},
    )
    assert f"This text is {limits.MAX_ITEM_LENGTH + 1:,} characters long".encode() in response.content
    assert f"the most allowed is {limits.MAX_ITEM_LENGTH:,}".encode() in response.content
    assert not Statement.objects.filter(assessment=draft).exists()


def test_the_services_refuse_an_over_long_item_whoever_calls_them(draft, lead):
    with pytest.raises(editing.EditRefused, match=f"the most allowed is {limits.MAX_ITEM_LENGTH:,}"):
        editing.statement_add(
            assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="z" * (limits.MAX_ITEM_LENGTH + 1)
        )
    assert not Statement.objects.exists()


def test_a_list_is_full_at_its_limit(editor, draft, lead):
    Statement.objects.bulk_create(
        Statement(assessment=draft, kind=StatementKind.MINOR_AREA, position=n, text=f"Item {n}")
        for n in range(1, limits.MAX_LIST_ITEMS + 1)
    )
    response = editor.post(
        reverse("statement_add", args=[draft.pk, "minor_area"]), {"minor_area-add-text": "One too many"}
    )
    assert f"already has {limits.MAX_LIST_ITEMS} items, the most a list may hold".encode() in response.content
    assert Statement.objects.filter(assessment=draft).count() == limits.MAX_LIST_ITEMS
    assert not Statement.objects.filter(text="One too many").exists()


def _fill_near_the_total(draft, *, leave: int) -> None:
    """Narratives that bring the assessment to `leave` characters under its total limit."""
    elements = list(draft.framework.elements.order_by("number"))
    remaining = limits.MAX_TOTAL_LENGTH - leave
    findings = []
    for element in elements:
        size = min(limits.MAX_FIELD_LENGTH, remaining)
        findings.append(Finding(assessment=draft, element=element, narrative="n" * size))
        remaining -= size
    assert remaining == 0, "the framework has too few elements for this test"
    Finding.objects.bulk_create(findings)


def test_the_whole_assessment_is_bounded_and_a_refused_edit_writes_nothing(editor, draft):
    _fill_near_the_total(draft, leave=100)
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    fits = editor.post(page, {"version": draft.version, "summary": "s" * 100})
    assert fits.status_code == 302
    assert editing.assessment_text_length(draft.pk) == limits.MAX_TOTAL_LENGTH

    version = Assessment.objects.get(pk=draft.pk).version
    refused = editor.post(page, {"version": version, "summary": "s" * 101})
    assert refused.status_code == 200
    assert f"the most one assessment may hold is {limits.MAX_TOTAL_LENGTH:,}".encode() in refused.content
    stored = Assessment.objects.get(pk=draft.pk)
    assert (stored.summary, stored.version) == ("s" * 100, version)

    added = editor.post(
        reverse("statement_add", args=[draft.pk, "key_success"]), {"key_success-add-text": "k"}
    )
    assert b"the most one assessment may hold" in added.content
    assert not Statement.objects.filter(assessment=draft).exists()


def test_the_total_counts_narratives_and_items_edited_through_the_services(draft, lead):
    _fill_near_the_total(draft, leave=10)
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="x" * 10)
    with pytest.raises(editing.EditRefused, match="the most one assessment may hold"):
        editing.statement_edit(
            assessment=draft, by=lead, item_id=item.pk, text="x" * 11, version=item.version
        )
    assert Statement.objects.get(pk=item.pk).text == "x" * 10
    finding = Finding.objects.filter(assessment=draft).order_by("-element__number").first()  # the shortest
    with pytest.raises(editing.EditRefused, match="the most one assessment may hold"):
        editing.finding_save(
            assessment=draft,
            by=lead,
            element=finding.element,
            values={"narrative": finding.narrative + "more"},
            version=finding.version,
        )
    assert Finding.objects.get(pk=finding.pk).narrative == finding.narrative


def test_a_field_longer_than_allowed_is_refused_by_the_model_too(draft):
    from django.core.exceptions import ValidationError

    draft.context = "c" * (limits.MAX_FIELD_LENGTH + 1)
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert "the most allowed is" in caught.value.message_dict["context"][0]
    statement = Statement(
        assessment=draft, kind="key_success", position=1, text="t" * (limits.MAX_ITEM_LENGTH + 1)
    )
    with pytest.raises(ValidationError):
        statement.full_clean()


# The import -------------------------------------------------------------------------------


@pytest.fixture
def document(demo) -> dict:
    doc = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    doc.update(status="draft", confirmed_by=None, confirmed_at=None)
    return doc


def problems_of(doc) -> list[str]:
    before = Assessment.objects.count(), Statement.objects.count()
    with pytest.raises(ImportProblems) as caught:
        import_document(doc)
    assert (Assessment.objects.count(), Statement.objects.count()) == before
    return caught.value.problems


def test_the_import_refuses_a_ten_million_character_item(document):
    doc = copy.deepcopy(document)
    doc["elements"][0]["strengths"][0] = "x" * 10_000_000
    assert problems_of(doc) == [
        f"elements[0].strengths[0]: must be at most {limits.MAX_ITEM_LENGTH} characters (it has 10000000)"
    ]


def test_the_import_refuses_an_over_long_field_and_an_over_long_list(document):
    doc = copy.deepcopy(document)
    doc["summary"] = "s" * (limits.MAX_FIELD_LENGTH + 1)
    doc["elements"][2]["narrative"] = "n" * (limits.MAX_FIELD_LENGTH + 1)
    doc["minor_areas_for_development"] = ["m"] * (limits.MAX_LIST_ITEMS + 1)
    problems = problems_of(doc)
    assert f"summary: must be at most {limits.MAX_FIELD_LENGTH} characters" in problems[0]
    assert (
        f"minor_areas_for_development: must have at most {limits.MAX_LIST_ITEMS} items "
        f"(it has {limits.MAX_LIST_ITEMS + 1})" in problems
    )
    assert any(problem.startswith("elements[2].narrative: must be at most") for problem in problems)


def test_the_import_refuses_a_document_over_the_total(document):
    doc = copy.deepcopy(document)
    for element in doc["elements"]:
        element["narrative"] = "n" * limits.MAX_FIELD_LENGTH
    problems = problems_of(doc)
    assert len(problems) == 1
    assert f"the most one assessment may hold is {limits.MAX_TOTAL_LENGTH:,}" in problems[0]


def test_the_reference_document_still_validates(document):
    assert validate_document(document)["summary"] == document["summary"]
