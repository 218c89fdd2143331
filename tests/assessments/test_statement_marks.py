"""The assessor's home reads of its drafts' list items only what completeness needs
(completeness.statement_marks): the kind, the finding, and the text only of items that may hold a
TODO or XXX marker; and it finds exactly what the full read finds."""

import pytest

from assessments.completeness import missing_parts, statement_marks
from assessments.models import Statement, StatementKind
from assessments.workspace import assessor_rows, completeness
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db


def mark_item(assessment, text: str, kind=StatementKind.STRENGTH) -> None:
    item = Statement.objects.filter(assessment=assessment, kind=kind).order_by("pk").first()
    item.text = text
    item.save()


def test_only_the_texts_that_may_hold_a_marker_are_read(lead):
    draft = fill_complete(AssessmentFactory(lead_assessor=lead))
    mark_item(draft, "Still TODO here.")
    mark_item(draft, "Nothing to do.", kind=StatementKind.AREA)
    marks = statement_marks([draft.pk])[draft.pk]
    # Items that read the same come back once: one mark a finding and kind (each holds one item
    # of each kind here, the marked one included).
    kinds = set(Statement.objects.filter(assessment=draft).values_list("finding_id", "kind"))
    assert len(marks) == len(kinds)
    finding = Statement.objects.filter(assessment=draft, kind=StatementKind.AREA).first().finding
    Statement.objects.create(
        assessment=draft, finding=finding, kind=StatementKind.AREA, position=9, text="Another area."
    )
    assert len(statement_marks([draft.pk])[draft.pk]) == len(kinds)
    texts = {mark.text for mark in marks}
    # "todo" in lower case may come back (SQLite's contains ignores case); it is no marker.
    assert "Still TODO here." in texts
    assert texts <= {"", "Still TODO here.", "Nothing to do."}
    assert not any(mark.text == "A strength." for mark in marks)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Still TODO here.", StatementKind.STRENGTH),
        ("XXX fill in", StatementKind.AREA),
        ("Nothing to do.", StatementKind.STRENGTH),
        ("TODOS are not markers", StatementKind.AREA),
        ("Peer TODO.", StatementKind.MINOR_AREA),
    ],
)
def test_the_marks_find_what_the_full_read_finds(lead, text, kind):
    draft = fill_complete(AssessmentFactory(lead_assessor=lead))
    mark_item(draft, text, kind)
    marks = statement_marks([draft.pk])[draft.pk]
    assert missing_parts(draft, statements=marks) == missing_parts(draft)
    assert completeness(draft, marks) == completeness(draft)


def test_the_assessors_home_says_an_element_with_a_marked_item_is_incomplete(lead):
    draft = fill_complete(AssessmentFactory(lead_assessor=lead))
    (row,) = assessor_rows(lead)
    assert row["elements_complete"] == row["elements_total"]
    mark_item(draft, "Still TODO here.")
    (row,) = assessor_rows(lead)
    assert row["elements_complete"] == row["elements_total"] - 1
    assert any("TODO or XXX" in part.label for part in row["missing"])
