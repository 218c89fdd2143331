"""Suggested changes: accepted through the editing services (conflicts refused, the history says
it came from the reader), rejected with a reason, and refused when out of date."""

import pytest

from assessments import editing
from assessments.history import timeline
from assessments.models import Event, Finding, Statement, StatementKind
from reading import selectors, services
from reading.models import Comment, Reading

pytestmark = pytest.mark.django_db


def test_accepting_a_span_suggestion_changes_the_text_and_records_it(read, reader, lead):
    comment = services.comment_add(
        reading=read,
        by=reader,
        part="summary",
        text="Stronger?",
        quote="outstanding",
        suggestion="exceptional",
    )
    services.suggestion_accept(comment=comment, by=lead)
    read.assessment.refresh_from_db()
    assert read.assessment.summary == "The school is inclusive.\n\nIt is exceptional."
    comment.refresh_from_db()
    assert comment.suggestion_state == Comment.Suggestion.ACCEPTED
    assert comment.is_resolved
    event = Event.objects.get(assessment=read.assessment, action=Event.Action.READING_ACCEPTED)
    assert event.by == lead and "exceptional" in event.comment
    titles = [entry.title for entry in timeline(read.assessment)]
    assert "A suggestion accepted from the reader" in titles


def test_accepting_a_suggestion_for_a_list_item_and_an_element(read, reader, co_assessor):
    item = Statement.objects.get(assessment=read.assessment, kind=StatementKind.MINOR_AREA)
    on_item = services.comment_add(
        reading=read,
        by=reader,
        part=f"item:{item.pk}",
        text="Clearer.",
        suggestion="Develop peer counselling.",
    )
    on_element = services.comment_add(
        reading=read,
        by=reader,
        part="element:1",
        text="Say it.",
        quote="Narrative",
        suggestion="The narrative",
    )
    services.suggestion_accept(comment=on_item, by=co_assessor)
    services.suggestion_accept(comment=on_element, by=co_assessor)
    item.refresh_from_db()
    assert item.text == "Develop peer counselling."
    assert Finding.objects.get(assessment=read.assessment, element__number=1).narrative.startswith(
        "The narrative for"
    )


def test_a_suggestion_whose_text_changed_is_out_of_date_and_not_applied(read, reader, lead):
    comment = services.comment_add(
        reading=read,
        by=reader,
        part="summary",
        text="Stronger?",
        quote="outstanding",
        suggestion="exceptional",
    )
    assessment = read.assessment
    assessment.refresh_from_db()
    editing.assessment_section_save(
        assessment=assessment,
        by=lead,
        section="summary",
        values={"summary": "It is outstanding."},
        version=assessment.version,
    )
    thread = selectors.threads(Reading.objects.get(pk=read.pk))[0]
    assert thread.out_of_date
    with pytest.raises(services.ReadingError, match="changed since"):
        services.suggestion_accept(comment=comment, by=lead)
    assessment.refresh_from_db()
    assert assessment.summary == "It is outstanding."
    comment.refresh_from_db()
    assert comment.suggestion_state == Comment.Suggestion.OPEN


def test_a_conflicting_version_is_refused(read, reader, lead):
    item = Statement.objects.get(assessment=read.assessment, kind=StatementKind.KEY_SUCCESS)
    comment = services.comment_add(
        reading=read, by=reader, part=f"item:{item.pk}", text="More.", suggestion="Safer."
    )
    # The page the assessor read showed an older version of the item (another edit, since undone).
    editing.statement_edit(
        assessment=read.assessment, by=lead, item_id=item.pk, text="Other.", version=item.version
    )
    editing.statement_edit(
        assessment=read.assessment, by=lead, item_id=item.pk, text=item.text, version=item.version + 1
    )
    with pytest.raises(services.ReadingError, match="newer version"):
        services.suggestion_accept(comment=comment, by=lead, version=item.version)
    item.refresh_from_db()
    assert item.text == "Safeguarding."


def test_rejecting_needs_a_reason_and_keeps_the_text(read, reader, lead):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Shorter?", suggestion="Good."
    )
    with pytest.raises(services.ReadingError, match="reason is required"):
        services.suggestion_reject(comment=comment, by=lead, reason=" ")
    services.suggestion_reject(comment=comment, by=lead, reason="The summary must say both things.")
    comment.refresh_from_db()
    assert comment.suggestion_state == Comment.Suggestion.REJECTED
    assert comment.reject_reason == "The summary must say both things."
    read.assessment.refresh_from_db()
    assert read.assessment.summary.startswith("The school is inclusive.")
    with pytest.raises(services.ReadingError, match="answered already"):
        services.suggestion_accept(comment=comment, by=lead)


def test_only_the_visits_assessors_answer_a_suggestion(read, reader, director, other_assessor):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Shorter?", suggestion="Good."
    )
    for person in (reader, director, other_assessor):
        with pytest.raises(services.ReadingError, match="Only the visit's assessors"):
            services.suggestion_accept(comment=comment, by=person)


def test_the_reader_never_edits_the_report(read, reader):
    with pytest.raises(editing.ReadOnlyError):
        editing.assessment_section_save(
            assessment=read.assessment,
            by=reader,
            section="summary",
            values={"summary": "Mine."},
            version=read.assessment.version,
        )


def test_the_assessors_may_correct_while_the_reading_is_open_and_not_after(read, reader, lead):
    assert editing.can_edit(read.assessment, lead)
    services.reading_sign_off(reading=read, by=reader)
    read.assessment.refresh_from_db()
    assert not editing.can_edit(read.assessment, lead)
