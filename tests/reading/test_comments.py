"""The reader's comments anchored in the letter: spans that survive edits before and after them,
text that changed, removed items, bad offsets, replies, resolve and reopen, and no comments after
confirmation."""

import pytest

from assessments import editing
from assessments.models import Element, Statement, StatementKind
from assessments.services import assessment_confirm
from reading import anchors, selectors, services
from reading.models import Comment, Reading

pytestmark = pytest.mark.django_db

SUMMARY = "The school is inclusive.\n\nIt is outstanding."


def _anchor(comment: Comment) -> anchors.Anchor:
    reading = Reading.objects.select_related("assessment").get(pk=comment.reading_id)  # the text as it is now
    thread = next(t for t in selectors.threads(reading) if t.comment.pk == comment.pk)
    return thread.anchor


def _save_summary(assessment, lead, text):
    assessment.refresh_from_db()
    editing.assessment_section_save(
        assessment=assessment,
        by=lead,
        section="summary",
        values={"summary": text},
        version=assessment.version,
    )


def test_a_comment_keeps_its_quoted_words_offsets_and_context(read, reader):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Which evidence?", quote="outstanding"
    )
    assert (comment.quote, comment.start, comment.end) == (
        "outstanding",
        SUMMARY.index("outstanding"),
        len(SUMMARY) - 1,
    )
    assert comment.before.endswith("It is ")
    assert comment.after == "."
    assert comment.base_text == SUMMARY
    assert comment.part_label == "Summary"


def test_a_comment_by_offsets_takes_the_words_between_them(read, reader):
    comment = services.comment_add(reading=read, by=reader, part="summary", text="Good.", start=4, end=10)
    assert comment.quote == "school"


def test_offsets_outside_the_text_are_refused_with_a_message(read, reader):
    for start, end in ((0, 999), (10, 4), (5, 5)):
        with pytest.raises(services.ReadingError, match="outside the text"):
            services.comment_add(reading=read, by=reader, part="summary", text="Hm.", start=start, end=end)
    assert not Comment.objects.exists()


def test_quoted_words_not_in_the_text_are_refused(read, reader):
    with pytest.raises(services.ReadingError, match="not in that part"):
        services.comment_add(reading=read, by=reader, part="summary", text="Hm.", quote="excellent")


def test_the_anchor_survives_edits_before_and_after_the_words(read, reader, lead):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Which evidence?", quote="outstanding"
    )
    _save_summary(
        read.assessment, lead, "Since 2019 the school is very inclusive.\n\nIt is outstanding in every way."
    )
    anchor = _anchor(comment)
    assert anchor.state == "found"
    assert anchor.words == "outstanding"
    assert anchor.text[: anchor.start].endswith("It is ")
    assert anchor.after.startswith(" in every way")


def test_the_anchor_takes_the_occurrence_nearest_its_old_place(read, reader, lead):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Why?", quote="is", start=11, end=13
    )
    assert comment.quote == "is"
    _save_summary(read.assessment, lead, "It is. " + SUMMARY)
    anchor = _anchor(comment)
    assert anchor.start == 11 + len("It is. ")


def test_a_comment_whose_words_changed_says_so(read, reader, lead):
    comment = services.comment_add(
        reading=read, by=reader, part="summary", text="Which evidence?", quote="outstanding"
    )
    _save_summary(read.assessment, lead, "The school is inclusive.\n\nIt is good.")
    assert _anchor(comment).state == "changed"


def test_a_comment_on_a_deleted_item_is_kept_and_shown_as_on_a_removed_item(read, reader, lead, client):
    item = Statement.objects.get(assessment=read.assessment, kind=StatementKind.KEY_SUCCESS)
    comment = services.comment_add(reading=read, by=reader, part=f"item:{item.pk}", text="Too short.")
    editing.statement_delete(assessment=read.assessment, by=lead, item_id=item.pk, version=item.version)
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert _anchor(comment).state == "removed"
    with pytest.raises(services.ReadingError, match="not there any more"):
        services.comment_add(reading=read, by=reader, part=f"item:{item.pk}", text="Again.")
    client.force_login(reader)
    page = client.get(f"/reading/{read.pk}/").content.decode()
    assert "On a removed item:" in page and "Too short." in page


def test_comments_on_an_element_and_a_list_item(read, reader):
    element = Element.objects.get(framework=read.assessment.framework, number=2)
    on_element = services.comment_add(
        reading=read, by=reader, part="element:2", text="Thin.", quote="Narrative"
    )
    assert on_element.part_label == f"Element 2 - {element.title}"
    strength = Statement.objects.get(
        assessment=read.assessment, finding__element=element, kind=StatementKind.STRENGTH
    )
    on_item = services.comment_add(reading=read, by=reader, part=f"item:{strength.pk}", text="Which?")
    assert on_item.part_label == "Element 2: strength 1"


def test_replies_resolve_and_reopen(read, reader, lead, co_assessor, other_assessor):
    comment = services.comment_add(reading=read, by=reader, part="summary", text="Say more.")
    services.reply_add(comment=comment, by=lead, text="Added a sentence.")
    services.reply_add(comment=comment, by=reader, text="Thank you.")
    assert [r.author for r in comment.replies.all()] == [lead, reader]
    with pytest.raises(services.ReadingError):
        services.reply_add(comment=comment, by=other_assessor, text="Me too.")
    services.comment_resolve(comment=comment, by=co_assessor)
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == co_assessor
    services.comment_resolve(comment=comment, by=reader, resolved=False)
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_no_comment_after_confirmation(read, reader, director):
    services.reading_sign_off(reading=read, by=reader)
    assessment_confirm(assessment=read.assessment, by=director, notify=False)
    with pytest.raises(services.ReadingError, match="confirmed and issued"):
        services.comment_add(reading=read, by=reader, part="summary", text="Late.")
    assert not Comment.objects.exists()


def test_no_comment_on_a_signed_off_reading(read, reader):
    services.reading_sign_off(reading=read, by=reader)
    with pytest.raises(services.ReadingError, match="closed"):
        services.comment_add(reading=read, by=reader, part="summary", text="Late.")


def test_comment_text_is_stored_as_typed_and_escaped(read, reader, client):
    services.comment_add(reading=read, by=reader, part="summary", text="<script>x</script> Dŵr 🙂")
    client.force_login(reader)
    page = client.get(f"/reading/{read.pk}/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; Dŵr 🙂" in page
    assert Comment.objects.get().text == "<script>x</script> Dŵr 🙂"


def test_a_nul_character_is_refused(read, reader):
    with pytest.raises(services.ReadingError, match="NUL"):
        services.comment_add(reading=read, by=reader, part="summary", text="a\x00b")
