"""The second reading's rules: which reports need one (the director's rule, applied when a report
is submitted), the reader's comments and suggestions, the assessor's answers to them, sign-off
and a director's override. Each service runs in one transaction and raises ReadingError with a
message for the user; nothing is changed when it does."""

import random
import secrets

from django.db import transaction
from django.utils import timezone

from assessments import editing
from assessments.models import Assessment, Element, Event, Status
from prepared import Prepared
from reading import anchors
from reading.models import Comment, Draw, Reading, ReadingRule, Reply

MAX_COMMENT_LENGTH = 10_000


class ReadingError(Exception):
    """Something the second reading does not allow; str(error) says why."""


# The rule ----------------------------------------------------------------------------------------


def drawn(seed: int, percentage: int) -> bool:
    """Whether the draw with this seed picks a report when `percentage` per cent are read: the
    same answer every time for the same seed."""
    # A reproducible draw, not a secret: the seed itself comes from the secrets module.
    return random.Random(seed).randrange(100) < percentage  # noqa: S311


def reason_needed(assessment: Assessment, *, seed: int | None = None) -> str | None:
    """Why the rule sends the submitted assessment to a second reading (a Reading.Reason), or
    None. A report neither the first-reports rule nor its kind sends is drawn at random, and the
    draw recorded (Draw) with its seed; `seed` fixes it (tests, a replay)."""
    rule = ReadingRule.current()
    earlier = (
        Assessment.objects.filter(lead_assessor_id=assessment.lead_assessor_id, submitted_at__isnull=False)
        .exclude(pk=assessment.pk)
        .count()
    )
    if earlier < rule.first_reports:
        return Reading.Reason.FIRST_REPORTS
    if rule.kinds.filter(code=assessment.kind_id).exists():
        return Reading.Reason.KIND
    if not rule.percentage:
        return None  # nothing to draw
    seed = secrets.randbits(48) if seed is None else seed
    selected = drawn(seed, rule.percentage)
    Draw.objects.create(
        assessment=assessment, seed=seed, percentage=rule.percentage, selected=selected, at=timezone.now()
    )
    return Reading.Reason.DRAWN if selected else None


def _open_reading(
    assessment: Assessment, reason: str, *, asked_by=None, notify: bool = True, at=None
) -> Reading:
    from reading import emails

    reading = Reading.objects.create(
        assessment=assessment, reason=reason, asked_by=asked_by, created_at=at or timezone.now()
    )
    if notify and assessment.status == Status.SUBMITTED:
        transaction.on_commit(lambda: emails.send_for_event("reading_queued", reading.pk), robust=True)
    return reading


def on_submitted(*, assessment: Assessment, by, notify: bool = True) -> None:
    """The rule, when a report is submitted: a report that needs a second reading enters the
    readers' queue (and the readers are emailed, unless `notify` is false: the demo's import).
    It enters the queue when it was submitted. A report read before keeps its reading: a
    resubmission after a return does not start another."""
    reading = Reading.objects.filter(assessment=assessment).first()
    if reading is not None:
        if reading.is_open and notify:
            from reading import emails

            transaction.on_commit(lambda: emails.send_for_event("reading_queued", reading.pk), robust=True)
        return
    reason = reason_needed(assessment)
    if reason is not None:
        _open_reading(assessment, reason, notify=notify, at=assessment.submitted_at)


@transaction.atomic
def rule_save(*, by, first_reports: int, kinds, percentage: int) -> ReadingRule:
    """Change the rule (directors only); returns it."""
    if not (by.is_authenticated and by.is_director):
        raise ReadingError("Only a director can change which reports need a second reading.")
    if not 0 <= percentage <= 100:
        raise ReadingError("The share drawn at random is between 0 and 100 per cent.")
    rule = ReadingRule.current()
    rule.first_reports, rule.percentage = first_reports, percentage
    rule.updated_by, rule.updated_at = by, timezone.now()
    rule.full_clean()
    rule.save()
    rule.kinds.set(kinds)
    return rule


def _record(assessment: Assessment, action: str, by, comment: str = "") -> None:
    Event.objects.create(
        assessment=assessment,
        action=action,
        from_status=assessment.status,
        to_status=assessment.status,
        by=by,
        at=timezone.now(),
        comment=comment,
    )


@transaction.atomic
def reading_ask(*, assessment: Assessment, by, notify: bool = True) -> Reading:
    """A director asks for a second reading of a report not yet confirmed; returns it. The
    readers are emailed when the report is submitted (the demo passes notify=False)."""
    if not (by.is_authenticated and by.is_director):
        raise ReadingError("Only a director can ask for a second reading.")
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Status.CONFIRMED:
        raise ReadingError("This report is confirmed and issued: it can no longer be read a second time.")
    existing = Reading.objects.filter(assessment=assessment).first()
    if existing is not None and existing.is_open:
        raise ReadingError("This report is already waiting for its second reading.")
    if existing is not None:
        # Read again: the earlier reading's comments stay; it opens for another round.
        existing.status, existing.closed_at, existing.closed_by = Reading.Status.OPEN, None, None
        existing.override_reason, existing.reason, existing.asked_by = "", Reading.Reason.ASKED, by
        existing.round += 1
        existing.created_at = timezone.now()
        existing.save()
        reading = existing
    else:
        reading = _open_reading(assessment, Reading.Reason.ASKED, asked_by=by, notify=notify)
    _record(assessment, Event.Action.READING_ASKED, by)
    return reading


def confirm_problem(assessment: Assessment) -> str:
    """Why the assessment cannot be confirmed yet ("" when it can): a second reading not signed
    off or overridden."""
    reading = Reading.objects.filter(assessment=assessment).first()
    if reading is not None and reading.is_open:
        return (
            "This report needs a second reading before it is confirmed: a quality-assurance reader "
            "must sign it off, or a director override the reading with a reason."
        )
    return ""


def allows_correction(assessment: Assessment, user) -> bool:
    """While its second reading is open, a submitted report's assessors may correct it, to
    answer the reader's comments and accept their suggestions."""
    return assessment.is_assigned(user) and bool(_OPEN_READING(assessment_id=assessment.pk))


# Whether the assessment's reading is open (allows_correction, which the editor's pages ask of a
# submitted assessment on every request), compiled once.
_OPEN_READING = Prepared(
    lambda assessment_id: (
        Reading.objects.filter(assessment_id=assessment_id, status=Reading.Status.OPEN)
        .order_by()
        .values_list("pk")[:1]
    )
)


# Who reads ----------------------------------------------------------------------------------------


def is_reader(user) -> bool:
    """IQM staff who may read: quality-assurance readers and directors."""
    return bool(user.is_authenticated and user.is_active and (user.is_qa_reader or user.is_director))


def may_read(user, assessment: Assessment) -> bool:
    """A reader who was not on the visit."""
    return is_reader(user) and not assessment.is_assigned(user)


def _check_text(text: str, name: str) -> str:
    if "\x00" in text:
        raise ReadingError(f"{name} contains a NUL character, which cannot be stored. Nothing was saved.")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ReadingError(
            f"{name} is {len(text):,} characters long; the most allowed is {MAX_COMMENT_LENGTH:,}. "
            "Nothing was saved."
        )
    return text


def _open_for_comments(reading: Reading) -> Reading:
    reading = Reading.objects.select_for_update().select_related("assessment").get(pk=reading.pk)
    if reading.assessment.status == Status.CONFIRMED:
        raise ReadingError(
            "This report is confirmed and issued: it takes no more comments. Nothing was saved."
        )
    if not reading.is_open:
        raise ReadingError(
            "This second reading is closed (signed off or overridden): it takes no more comments. "
            "Nothing was saved."
        )
    return reading


# Comments -----------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    reading: Reading,
    by,
    part: str,
    text: str,
    quote: str = "",
    start: int | None = None,
    end: int | None = None,
    suggestion: str | None = None,
) -> Comment:
    """The reader's comment on a part of the letter, on the whole part or on a span: given by its
    offsets (start, end) in the part's text, or by its words (`quote`, their first occurrence).
    With `suggestion`, it proposes that text in place of the span (or of the whole part).
    Returns the comment."""
    reading = _open_for_comments(reading)
    assessment = reading.assessment
    if not may_read(by, assessment):
        raise ReadingError("Only a reader who was not on the visit can comment in its second reading.")
    text = _check_text(text.strip(), "The comment")
    if not text:
        raise ReadingError("Write the comment: it is empty. Nothing was saved.")
    found = anchors.part_of(assessment, part)
    if found is None:
        raise ReadingError(
            "That part of the letter is not there any more: it was deleted since you opened the page. "
            "Nothing was saved."
        )
    if start is not None or end is not None:
        start, end = start or 0, end or 0
        if problem := anchors.span_problem(found.text, start, end):
            raise ReadingError(problem)
        quote = found.text[start:end]
    elif quote:
        start = found.text.find(quote)
        if start == -1:
            raise ReadingError(
                "The words you quoted are not in that part of the letter (it may have changed): copy "
                "them from the text as it is now. Nothing was saved."
            )
        end = start + len(quote)
    else:
        start = end = 0
    fields = {}
    if suggestion is not None:
        suggestion = _check_text(suggestion, "The suggested text")
        if found.key.startswith("item:") and not suggestion.strip():
            raise ReadingError("A list item needs some text: the suggestion is empty. Nothing was saved.")
        fields = {"suggestion": suggestion, "suggestion_state": Comment.Suggestion.OPEN}
    return Comment.objects.create(
        reading=reading,
        part=found.key,
        part_label=found.label[:400],
        quote=quote,
        start=start,
        end=end,
        before=found.text[max(0, start - anchors.CONTEXT_CHARACTERS) : start][:200],
        after=found.text[end : end + anchors.CONTEXT_CHARACTERS][:200],
        base_text=found.text,
        text=text,
        author=by,
        created_at=timezone.now(),
        round=reading.round,
        **fields,
    )


def may_answer(user, assessment: Assessment) -> bool:
    """Who takes part in a comment's thread: the reader (or any reader not on the visit), the
    visit's assessors and the directors."""
    return (
        may_read(user, assessment)
        or assessment.is_assigned(user)
        or (user.is_authenticated and user.is_director)
    )


def _locked_comment(comment: Comment) -> Comment:
    locked = Comment.objects.select_for_update().select_related("reading__assessment").get(pk=comment.pk)
    _open_for_comments(locked.reading)
    return locked


@transaction.atomic
def reply_add(*, comment: Comment, by, text: str) -> Reply:
    """A reply in the comment's thread; returns it."""
    comment = _locked_comment(comment)
    if not may_answer(by, comment.reading.assessment):
        raise ReadingError("Only the reader, the visit's assessors and the directors reply to a comment.")
    text = _check_text(text.strip(), "The reply")
    if not text:
        raise ReadingError("Write the reply: it is empty. Nothing was saved.")
    return Reply.objects.create(comment=comment, author=by, text=text, at=timezone.now())


@transaction.atomic
def comment_resolve(*, comment: Comment, by, resolved: bool = True) -> Comment:
    """Mark the comment resolved (or open again, `resolved=False`); returns it."""
    comment = _locked_comment(comment)
    if not may_answer(by, comment.reading.assessment):
        raise ReadingError("Only the reader, the visit's assessors and the directors resolve a comment.")
    if resolved:
        comment.resolved_at, comment.resolved_by = (
            comment.resolved_at or timezone.now(),
            comment.resolved_by or by,
        )
    else:
        comment.resolved_at, comment.resolved_by = None, None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def round_send(*, reading: Reading, by) -> int:
    """Send the round's comments to the visit's assessors in one email and start the next round;
    returns how many comments the round held."""
    from reading import emails

    reading = _open_for_comments(reading)
    if not may_read(by, reading.assessment):
        raise ReadingError("Only a reader who was not on the visit sends its comments.")
    count = reading.comments.filter(round=reading.round).count()
    if not count:
        raise ReadingError("There are no new comments to send: write one first.")
    reading.round += 1
    reading.save(update_fields=["round"])
    transaction.on_commit(lambda: emails.send_for_event("reading_comments", reading.pk), robust=True)
    return count


@transaction.atomic
def reading_sign_off(*, reading: Reading, by) -> Reading:
    """The reader signs the report off: it may be confirmed. The directors are emailed."""
    from reading import emails

    reading = _open_for_comments(reading)
    if not may_read(by, reading.assessment):
        raise ReadingError("Only a reader who was not on the visit can sign its report off.")
    if reading.assessment.status != Status.SUBMITTED:
        raise ReadingError(
            "Only a submitted report can be signed off; this one has been returned to its assessors."
        )
    reading.status, reading.closed_at, reading.closed_by = Reading.Status.SIGNED_OFF, timezone.now(), by
    reading.save(update_fields=["status", "closed_at", "closed_by"])
    _record(reading.assessment, Event.Action.READING_SIGNED_OFF, by)
    transaction.on_commit(lambda: emails.send_for_event("reading_signed_off", reading.pk), robust=True)
    return reading


@transaction.atomic
def reading_override(*, reading: Reading, by, reason: str) -> Reading:
    """A director lets the report be confirmed without its reading's sign-off, for a reason that
    is recorded."""
    if not (by.is_authenticated and by.is_director):
        raise ReadingError("Only a director can override a second reading.")
    reading = _open_for_comments(reading)
    reason = _check_text(reason.strip(), "The reason")
    if not reason:
        raise ReadingError(
            "Say why the report may be confirmed without its second reading: the reason is required."
        )
    reading.status, reading.closed_at, reading.closed_by = Reading.Status.OVERRIDDEN, timezone.now(), by
    reading.override_reason = reason
    reading.save(update_fields=["status", "closed_at", "closed_by", "override_reason"])
    _record(reading.assessment, Event.Action.READING_OVERRIDDEN, by, reason)
    return reading


# Suggestions --------------------------------------------------------------------------------------


def is_out_of_date(comment: Comment, part: anchors.Part | None) -> bool:
    """Whether the text the suggestion was made on has changed (or gone) since."""
    return part is None or part.text != comment.base_text


def suggested_text(comment: Comment) -> str:
    """The part's whole text with the suggestion applied to the text it was made on."""
    if not comment.quote:
        return comment.suggestion
    return comment.base_text[: comment.start] + comment.suggestion + comment.base_text[comment.end :]


def _assessor_comment(comment: Comment, by) -> Comment:
    comment = _locked_comment(comment)
    if not comment.reading.assessment.is_assigned(by):
        raise ReadingError("Only the visit's assessors accept or reject the reader's suggestions.")
    if comment.suggestion_state != Comment.Suggestion.OPEN:
        raise ReadingError("This suggestion has been answered already.")
    return comment


def _apply(assessment: Assessment, by, part: anchors.Part, new_text: str, version: int) -> None:
    kind, _, ident = part.key.partition(":")
    if part.key in anchors.OWN_FIELDS:
        editing.assessment_section_save(
            assessment=assessment,
            by=by,
            section=anchors.OWN_FIELD_PAGES[part.key],
            values={part.key: new_text},
            version=version,
        )
    elif kind == "element":
        element = Element.objects.get(framework_id=assessment.framework_id, number=int(ident))
        editing.finding_save(
            assessment=assessment, by=by, element=element, values={"narrative": new_text}, version=version
        )
    elif kind == "section":
        from assessments.models import Section
        from assessments.sections import section_edit

        section = Section.objects.get(pk=int(ident))
        section_edit(
            assessment=assessment,
            by=by,
            section_id=section.pk,
            heading=section.heading,
            narrative=new_text,
            version=version,
        )
    else:
        editing.statement_edit(
            assessment=assessment, by=by, item_id=int(ident), text=new_text, version=version
        )


@transaction.atomic
def suggestion_accept(*, comment: Comment, by, version: int | None = None) -> Comment:
    """The assessor accepts the reader's suggestion: the part's text is changed through the
    editing services (refused on a conflict: `version` is the part's version the assessor saw)
    and the history records it as accepted from the reader. Refused when the text has changed
    since the suggestion was made."""
    comment = _assessor_comment(comment, by)
    assessment = comment.reading.assessment
    part = anchors.part_of(assessment, comment.part)
    if part is None:
        raise ReadingError(
            "The part this suggestion was on has been deleted: it cannot be applied. Reject it instead."
        )
    if is_out_of_date(comment, part):
        raise ReadingError(
            "The text has changed since the reader made this suggestion, so it cannot be applied as it "
            "stands: change the text yourself if it still helps, then reject the suggestion with a reason."
        )
    try:
        _apply(assessment, by, part, suggested_text(comment), part.version if version is None else version)
    except editing.EditError as error:
        raise ReadingError(str(error)) from error
    comment.suggestion_state = Comment.Suggestion.ACCEPTED
    comment.decided_by, comment.decided_at = by, timezone.now()
    comment.resolved_at, comment.resolved_by = comment.decided_at, by
    comment.save()
    _record(
        Assessment.objects.get(pk=assessment.pk),
        Event.Action.READING_ACCEPTED,
        by,
        f"{part.label}: the reader's suggestion accepted — “{comment.suggestion[:200]}”",
    )
    return comment


@transaction.atomic
def suggestion_reject(*, comment: Comment, by, reason: str) -> Comment:
    """The assessor rejects the reader's suggestion, saying why."""
    comment = _assessor_comment(comment, by)
    reason = _check_text(reason.strip(), "The reason")
    if not reason:
        raise ReadingError("Say why you reject the suggestion: the reason is required. Nothing was saved.")
    comment.suggestion_state = Comment.Suggestion.REJECTED
    comment.reject_reason = reason
    comment.decided_by, comment.decided_at = by, timezone.now()
    comment.save()
    return comment
