"""The editing services (assessments/editing.py): versions, merges, lists and refusals."""

import datetime

import pytest

from assessments import editing
from assessments.editing import EditRefused, ItemGone, ReadOnlyError, VersionConflict
from assessments.models import Assessment, Finding, Statement, StatementKind, Status

pytestmark = pytest.mark.django_db


def texts(assessment, kind, finding=None):
    return list(editing.list_items(assessment, kind, finding).values_list("text", flat=True))


def positions(assessment, kind, finding=None):
    return list(editing.list_items(assessment, kind, finding).values_list("position", flat=True))


def save_summary(assessment, by, text, version):
    return editing.assessment_section_save(
        assessment=assessment, by=by, section="summary", values={"summary": text}, version=version
    )


def test_it_saves_a_section_bumps_the_version_and_records_who(draft, lead):
    saved = save_summary(draft, lead, "A summary.", draft.version)
    assert saved.version == draft.version + 1
    assert Assessment.objects.get(pk=draft.pk).summary == "A summary."
    assert draft.history.first().history_user == lead


def test_it_does_not_bump_the_version_when_nothing_changed(draft, lead):
    saved = save_summary(draft, lead, draft.summary, draft.version)
    assert saved.version == draft.version


def test_it_merges_edits_of_different_fields_started_from_the_same_version(draft, lead, co_assessor):
    start = draft.version
    save_summary(draft, lead, "Lead's summary.", start)
    editing.assessment_section_save(
        assessment=draft,
        by=co_assessor,
        section="context",
        values={"context": "Co's context."},
        version=start,
    )
    draft.refresh_from_db()
    assert (draft.summary, draft.context) == ("Lead's summary.", "Co's context.")


def test_it_keeps_a_change_the_other_person_made_to_a_field_this_editor_did_not_touch(
    draft, lead, co_assessor
):
    start = draft.version
    values = {"visit_start": draft.visit_start, "visit_end": draft.visit_end, "letter_date": None}
    editing.assessment_section_save(
        assessment=draft,
        by=lead,
        section="details",
        values={**values, "visit_end": datetime.date(2026, 11, 12)},
        version=start,
    )
    editing.assessment_section_save(
        assessment=draft,
        by=co_assessor,
        section="details",
        values={**values, "letter_date": datetime.date(2026, 12, 1)},
        version=start,
    )
    draft.refresh_from_db()
    assert draft.visit_end == datetime.date(2026, 11, 12)
    assert draft.letter_date == datetime.date(2026, 12, 1)


def test_it_refuses_a_save_over_a_newer_text_and_changes_nothing(draft, lead, co_assessor):
    start = draft.version
    save_summary(draft, lead, "Lead's summary.", start)
    with pytest.raises(VersionConflict) as caught:
        save_summary(draft, co_assessor, "Co's summary.", start)
    conflict = caught.value
    assert conflict.fields == ["summary"]
    assert conflict.yours == {"summary": "Co's summary."}
    assert conflict.theirs == {"summary": "Lead's summary."}
    assert conflict.version == start + 1
    assert conflict.changed_by == lead
    assert Assessment.objects.get(pk=draft.pk).summary == "Lead's summary."
    # Saving again from the newer version (after merging) goes through.
    save_summary(draft, co_assessor, "Merged summary.", conflict.version)
    assert Assessment.objects.get(pk=draft.pk).summary == "Merged summary."


def test_it_treats_an_unknown_starting_version_strictly(draft, lead):
    save_summary(draft, lead, "One.", draft.version)
    with pytest.raises(VersionConflict):
        save_summary(draft, lead, "Two.", 999)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CONFIRMED])
def test_it_refuses_edits_once_submitted_or_confirmed(complete_draft, lead, director, status):
    Assessment.objects.filter(pk=complete_draft.pk).update(
        status=status, confirmed_by=director, confirmed_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    )
    item = Statement.objects.filter(assessment=complete_draft).first()
    attempts = [
        lambda: save_summary(complete_draft, lead, "Changed.", complete_draft.version),
        lambda: editing.statement_edit(
            assessment=complete_draft, by=lead, item_id=item.pk, text="Changed.", version=item.version
        ),
        lambda: editing.statement_add(
            assessment=complete_draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="New."
        ),
        lambda: editing.statement_delete(assessment=complete_draft, by=lead, item_id=item.pk, version=1),
        lambda: editing.statement_move(assessment=complete_draft, by=lead, item_id=item.pk, direction="up"),
    ]
    for attempt in attempts:
        with pytest.raises(ReadOnlyError):
            attempt()
    assert Statement.objects.get(pk=item.pk).text == item.text


def test_it_refuses_someone_not_assigned(draft, other_assessor, director):
    for person in (other_assessor, director):
        with pytest.raises(ReadOnlyError):
            save_summary(draft, person, "Mine now.", draft.version)


def test_it_creates_a_finding_on_its_first_save(draft, lead):
    element = draft.framework.elements.get(number=4)
    finding = editing.finding_save(
        assessment=draft, by=lead, element=element, values={"narrative": "New."}, version=0
    )
    assert (finding.version, finding.narrative) == (1, "New.")


def test_it_merges_a_first_save_with_a_finding_someone_else_created(draft, lead, co_assessor):
    element = draft.framework.elements.get(number=4)
    editing.statement_add(
        assessment=draft, by=co_assessor, kind=StatementKind.STRENGTH, element=element, text="A strength."
    )
    finding = editing.finding_save(
        assessment=draft, by=lead, element=element, values={"narrative": "Mine."}, version=0
    )
    assert finding.narrative == "Mine."


def test_it_refuses_the_no_significant_areas_mark_beside_areas(draft, lead):
    element = draft.framework.elements.get(number=1)
    editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text="An area."
    )
    finding = Finding.objects.get(assessment=draft, element=element)
    with pytest.raises(EditRefused, match="still lists 1 area"):
        editing.finding_save(
            assessment=draft,
            by=lead,
            element=element,
            values={"no_significant_areas": True},
            version=finding.version,
        )


def test_it_refuses_an_area_beside_the_no_significant_areas_mark(draft, lead):
    element = draft.framework.elements.get(number=1)
    editing.finding_save(
        assessment=draft, by=lead, element=element, values={"no_significant_areas": True}, version=0
    )
    with pytest.raises(EditRefused, match="Untick that mark"):
        editing.statement_add(
            assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text="An area."
        )


def test_it_adds_items_at_the_end_or_in_a_given_place(draft, lead):
    for text in ("one", "two", "three"):
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text=text)
    editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="first", position=1)
    editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="middle", position=3
    )
    assert texts(draft, StatementKind.KEY_SUCCESS) == ["first", "one", "middle", "two", "three"]
    assert positions(draft, StatementKind.KEY_SUCCESS) == [1, 2, 3, 4, 5]


def test_it_refuses_an_item_of_only_spaces(draft, lead):
    with pytest.raises(EditRefused, match="only spaces"):
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="   \n ")
    assert not Statement.objects.filter(assessment=draft).exists()


def test_it_refuses_a_nul_character_whoever_calls_it(draft, lead):
    with pytest.raises(EditRefused, match="NUL"):
        save_summary(draft, lead, "bad\x00text", draft.version)
    with pytest.raises(EditRefused, match="NUL"):
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="bad\x00")


def test_it_edits_an_item_and_bumps_its_version(draft, lead):
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.MINOR_AREA, text="Old.")
    edited = editing.statement_edit(
        assessment=draft, by=lead, item_id=item.pk, text="New.", version=item.version
    )
    assert (edited.text, edited.version) == ("New.", item.version + 1)


def test_it_refuses_an_item_edit_over_a_newer_text(draft, lead, co_assessor):
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.MINOR_AREA, text="Old.")
    editing.statement_edit(assessment=draft, by=lead, item_id=item.pk, text="Lead's.", version=1)
    with pytest.raises(VersionConflict) as caught:
        editing.statement_edit(assessment=draft, by=co_assessor, item_id=item.pk, text="Co's.", version=1)
    assert caught.value.theirs == {"text": "Lead's."}
    assert Statement.objects.get(pk=item.pk).text == "Lead's."


def test_it_says_when_the_item_was_deleted_meanwhile(draft, lead):
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.MINOR_AREA, text="Old.")
    editing.statement_delete(assessment=draft, by=lead, item_id=item.pk, version=1)
    with pytest.raises(ItemGone):
        editing.statement_edit(assessment=draft, by=lead, item_id=item.pk, text="New.", version=1)


def test_it_deletes_an_item_closes_the_gap_and_says_what_went(draft, lead):
    items = [
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text=text)
        for text in ("a", "b", "c")
    ]
    deleted = editing.statement_delete(assessment=draft, by=lead, item_id=items[1].pk, version=1)
    assert (deleted.position, deleted.text, deleted.element_number) == (2, "b", None)
    assert texts(draft, StatementKind.KEY_SUCCESS) == ["a", "c"]
    assert positions(draft, StatementKind.KEY_SUCCESS) == [1, 2]


def test_it_refuses_to_delete_an_item_changed_since_it_was_read(draft, lead, co_assessor):
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="a")
    editing.statement_edit(assessment=draft, by=lead, item_id=item.pk, text="a, improved", version=1)
    with pytest.raises(VersionConflict):
        editing.statement_delete(assessment=draft, by=co_assessor, item_id=item.pk, version=1)
    assert Statement.objects.filter(pk=item.pk).exists()


def test_it_moves_items_up_and_down_and_not_past_the_ends(draft, lead):
    element = draft.framework.elements.get(number=2)
    items = [
        editing.statement_add(
            assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text=text
        )
        for text in ("a", "b", "c")
    ]
    finding = items[0].finding
    editing.statement_move(assessment=draft, by=lead, item_id=items[2].pk, direction="up")
    assert texts(draft, StatementKind.STRENGTH, finding) == ["a", "c", "b"]
    editing.statement_move(assessment=draft, by=lead, item_id=items[0].pk, direction="up")
    editing.statement_move(assessment=draft, by=lead, item_id=items[0].pk, direction="down")
    assert texts(draft, StatementKind.STRENGTH, finding) == ["c", "a", "b"]
    editing.statement_move(assessment=draft, by=lead, item_id=items[1].pk, direction="down")
    assert texts(draft, StatementKind.STRENGTH, finding) == ["c", "a", "b"]
    assert positions(draft, StatementKind.STRENGTH, finding) == [1, 2, 3]


def test_it_keeps_lists_apart(draft, lead):
    element = draft.framework.elements.get(number=1)
    editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="key")
    editing.statement_add(assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text="s")
    with pytest.raises(EditRefused):
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.STRENGTH, text="no element")
    with pytest.raises(EditRefused):
        editing.statement_add(
            assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, element=element, text="x"
        )
    assert texts(draft, StatementKind.KEY_SUCCESS) == ["key"]
