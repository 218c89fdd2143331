"""The factual-accuracy check: a director sends a submitted assessment's draft letter to the
school, the headteacher comments against a section or element (or says there is nothing to
correct), the lead assessor answers each comment, and confirmation waits until the check is
answered or its deadline has passed (confirm_problem, called by assessment_confirm).

While the check is open the assessment stays SUBMITTED, and its lead assessor may correct the
letter through the editor (allows_correction, which the core's editing rule asks through the
parts registry): the same editing services, their conflict refusal and their history. The
director may still return the assessment (assessment_return); the check stays open across the
return and the new submission, so the answers and the school's comments are kept. The draft's
text as the school was sent it is kept (FactualCheck.draft_text), so the director sees at
confirmation what changed since (factcheck.letter_text).

Every step writes an Event in the assessment's history and sends its email on commit."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.dates import add_working_days, plain_date
from assessments.models import Assessment, Event, Status
from assessments.services import WorkflowError
from factcheck import deadlines, letter_text
from factcheck.access import can_take_part
from factcheck.models import CheckComment, CommentAnswer, DocumentSeen, FactualCheck, Meeting
from prepared import Prepared

DEFAULT_DEADLINE_DAYS = 5

# The letter's parts a comment may name, in the letter's order (reports/_letter_body.html), then
# its elements; each with the editor's page where the lead assessor corrects it (part_url).
SECTIONS = {
    "summary": "Summary",
    "recommendation": "Recommendation",
    "details": "The school's details",
    "context": "Context of the school and sources of data",
    "evidence": "Portfolio and other supporting evidence",
    "key_successes": "Key areas of success",
    "minor_areas": "Minor areas for development",
}
# The editor's page (assessments.editing.SECTIONS) of each part: the recommendation is written
# with the outcome, the school's details on the details page.
EDITOR_PAGES = {"recommendation": "outcome"}


class CheckError(WorkflowError):
    """A step of the factual check that is not allowed now, or not by this person."""


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _record(assessment, action, by, comment=""):
    Event.objects.create(
        assessment=assessment,
        action=action,
        from_status=assessment.status,
        to_status=assessment.status,
        by=by,
        at=timezone.now(),
        comment=comment,
    )


def _notify(event: str, assessment_id: int) -> None:
    from factcheck import emails

    transaction.on_commit(lambda: emails.send_for_event(event, assessment_id), robust=True)


def check_of(assessment: Assessment) -> FactualCheck | None:
    return FactualCheck.objects.filter(assessment_id=assessment.pk).first()


def default_deadline(today: datetime.date | None = None) -> datetime.date:
    return add_working_days(today or timezone.localdate(), DEFAULT_DEADLINE_DAYS)


@transaction.atomic
def check_send(*, assessment: Assessment, by, deadline: datetime.date | None = None) -> FactualCheck:
    """Send a submitted assessment's draft letter to the school for a factual check."""
    assessment = _locked(assessment)
    if not (by.is_authenticated and by.is_director):
        raise CheckError("Only a director can send the draft letter to the school.")
    if assessment.status != Status.SUBMITTED:
        raise CheckError(
            "Only a submitted assessment's draft letter can be sent to the school; this one is "
            f"{assessment.get_status_display().lower()}."
        )
    if check_of(assessment) is not None:
        raise CheckError("The draft letter has already been sent to the school.")
    today = timezone.localdate()
    deadline = deadline or default_deadline(today)
    if deadline < today:
        raise CheckError(f"The deadline {plain_date(deadline)} is in the past. Nothing was sent.")
    check = FactualCheck.objects.create(
        assessment=assessment,
        sent_at=timezone.now(),
        sent_by=by,
        deadline=deadline,
        draft_text=letter_text.text_of(letter_text.letter_html(assessment)),
    )
    _record(assessment, Event.Action.CHECK_SENT, by, f"Deadline {plain_date(deadline)}.")
    _notify("check_sent", assessment.pk)
    return check


def _open_check(assessment: Assessment) -> FactualCheck:
    if assessment.status == Status.CONFIRMED:
        raise CheckError("The assessment is confirmed: its factual check is closed.")
    check = check_of(assessment)
    if check is None:
        raise CheckError("The draft letter has not been sent to the school.")
    return check


def _before_deadline(check: FactualCheck) -> None:
    if timezone.localdate() > check.deadline:
        raise CheckError(
            f"The deadline for the factual check, {plain_date(check.deadline)}, has passed. Nothing was saved."
        )


def school_problem(check: FactualCheck, today: datetime.date | None = None) -> str:
    """Why the school cannot comment on its draft now ("" if it can)."""
    if check.assessment.status == Status.CONFIRMED:
        return "The assessment is confirmed: its factual check is closed."
    if (today or timezone.localdate()) > check.deadline:
        return f"The deadline for the factual check, {plain_date(check.deadline)}, has passed."
    if check.nothing_to_correct_at is not None:
        return "The school has said there is nothing to correct."
    return ""


def allows_correction(assessment: Assessment, user) -> bool:
    """Whether the user may correct the letter of this submitted assessment: its lead assessor,
    while its draft is with the school for the factual check (sent, and the assessment not
    confirmed: the core asks only of a submitted one). Registered with the parts registry."""
    return user.pk == assessment.lead_assessor_id and bool(_CHECK_SENT(assessment_id=assessment.pk))


# Whether the assessment's draft was sent for its check (allows_correction, which the editor's
# pages ask of a submitted assessment on every request), compiled once.
_CHECK_SENT = Prepared(
    lambda assessment_id: (
        FactualCheck.objects.filter(assessment_id=assessment_id).order_by().values_list("pk")[:1]
    )
)


def part_url(assessment: Assessment, target: str) -> str:
    """The editor's page of a part of the letter a comment names ("" for none)."""
    from django.urls import NoReverseMatch, reverse

    kind, _, key = target.partition(":")
    try:
        if kind == "section" and key in SECTIONS:
            return reverse("assessment_section", args=[assessment.pk, EDITOR_PAGES.get(key, key)])
        if kind == "element" and key.isdigit():
            return reverse("assessment_element", args=[assessment.pk, int(key)])
    except NoReverseMatch:
        return ""
    return ""


def targets(assessment: Assessment) -> list[tuple[str, str]]:
    """Every part of the draft letter a comment may name, as (target, label), in the letter's
    order: its own parts, then the framework's elements."""
    found = [(f"section:{key}", label) for key, label in SECTIONS.items()]
    found += [
        (f"element:{e.number}", f"Element {e.number} – {e.title}")
        for e in assessment.framework.elements.order_by("number")
    ]
    return found


def target_label(assessment: Assessment, target: str) -> str:
    """ "Context", "Element 1 – Leadership and management": the part of the letter a target names."""
    return dict(targets(assessment)).get(target, target)


def answer_in_words(label: str, *, changed: bool) -> str:
    """The history's line for an answer: what the lead assessor did with the part commented on."""
    if changed:
        return f"{label}: changed as the school's comment asked."
    return f"{label}: not changed; the answer says why."


def valid_target(assessment: Assessment, target: str) -> bool:
    kind, _, key = target.partition(":")
    if kind == "section":
        return key in SECTIONS
    if kind == "element":
        return key.isdigit() and assessment.framework.elements.filter(number=int(key)).exists()
    return False


@transaction.atomic
def comment_add(*, assessment: Assessment, by, target: str, text: str) -> CheckComment:
    """The school's comment against one section or element of the draft letter."""
    assessment = _locked(assessment)
    if not can_take_part(by, assessment):
        raise CheckError("Only the school's headteacher or its staff can comment on its draft letter.")
    check = _open_check(assessment)
    _before_deadline(check)
    if check.nothing_to_correct_at is not None:
        raise CheckError("The school has already said there is nothing to correct.")
    if not valid_target(assessment, target):
        raise CheckError(f"The letter has no section or element {target!r}. Nothing was saved.")
    if not text.strip():
        raise CheckError("Write the comment: it is required.")
    comment = CheckComment.objects.create(
        factual_check=check, target=target, text=text, author=by, created_at=timezone.now()
    )
    _record(assessment, Event.Action.CHECK_COMMENTED, by, f"On {target_label(assessment, target)}.")
    _notify("check_commented", assessment.pk)
    return comment


@transaction.atomic
def nothing_to_correct(*, assessment: Assessment, by) -> FactualCheck:
    assessment = _locked(assessment)
    if not can_take_part(by, assessment):
        raise CheckError("Only the school's headteacher or its staff can answer the factual check.")
    check = _open_check(assessment)
    _before_deadline(check)
    if check.nothing_to_correct_at is not None:
        raise CheckError("The school has already said there is nothing to correct.")
    if check.comments.exists():
        raise CheckError("The school has commented on the letter; the assessor answers the comments.")
    check.nothing_to_correct_at, check.nothing_to_correct_by = timezone.now(), by
    check.save(update_fields=["nothing_to_correct_at", "nothing_to_correct_by"])
    _record(assessment, Event.Action.CHECK_NOTHING, by)
    _notify("check_nothing", assessment.pk)
    return check


@transaction.atomic
def comment_answer(*, comment: CheckComment, by, changed: bool, text: str) -> CommentAnswer:
    """The lead assessor's answer to one comment: changed or not, and why."""
    assessment = _locked(comment.factual_check.assessment)
    if by.pk != assessment.lead_assessor_id:
        raise CheckError("Only the lead assessor can answer the school's comments.")
    _open_check(assessment)
    if CommentAnswer.objects.filter(comment=comment).exists():
        raise CheckError("This comment has already been answered.")
    if not text.strip():
        raise CheckError("Say what was changed, or why nothing was: the answer is required.")
    answer = CommentAnswer.objects.create(
        comment=comment, changed=changed, text=text, by=by, at=timezone.now()
    )
    _record(
        assessment,
        Event.Action.CHECK_ANSWERED,
        by,
        answer_in_words(target_label(assessment, comment.target), changed=changed),
    )
    if not CheckComment.objects.filter(factual_check=comment.factual_check, answer__isnull=True).exists():
        _notify("check_answered", assessment.pk)
    return answer


def confirm_problem(assessment: Assessment, today: datetime.date | None = None) -> str:
    """Why the assessment cannot be confirmed yet because of its factual check ("" if it can)."""
    check = check_of(assessment)
    if check is None or deadlines.is_answered(check):
        return ""
    if (today or timezone.localdate()) > check.deadline:
        return ""
    unanswered = check.comments.filter(answer__isnull=True).count()
    if unanswered:
        return f"The factual check is open: {unanswered} of the school's comments wait for the lead assessor's answer."
    return (
        f"The factual check is open: the school has not answered yet, and its deadline "
        f"{plain_date(check.deadline)} has not passed."
    )


# The evidence log ---------------------------------------------------------------------------


def portfolio_sentence(assessment: Assessment) -> str:
    """A first sentence for the letter's portfolio paragraph, from the evidence log."""
    meetings = list(Meeting.objects.filter(assessment=assessment))
    documents = [d.title for d in DocumentSeen.objects.filter(assessment=assessment)]
    parts = []
    if meetings:
        groups = [f"{m.group} ({m.number})" if m.number else m.group for m in meetings]
        parts.append("The assessors met " + _and(groups) + ".")
    if documents:
        parts.append("They read " + _and(documents) + ".")
    return " ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@transaction.atomic
def portfolio_fill(*, assessment: Assessment, by, replace: bool = False) -> Assessment:
    """Start the portfolio paragraph (Assessment.evidence) from the evidence log: only when it is
    empty, unless `replace` (the confirm step) says so. The change is recorded in the
    assessment's history like any edit."""
    assessment = _locked(assessment)
    if not assessment.is_editable or not assessment.is_assigned(by):
        raise CheckError("Only the assessors can change the portfolio paragraph of a draft.")
    if assessment.evidence.strip() and not replace:
        raise CheckError("The portfolio paragraph is not empty; confirm to replace it.")
    sentence = portfolio_sentence(assessment)
    if not sentence:
        raise CheckError("The evidence log is empty: add meetings or documents first.")
    assessment.evidence = sentence
    assessment.version += 1
    assessment.save(update_fields=["evidence", "version", "updated_at"])
    return assessment


def _log_editable(assessment: Assessment, by) -> None:
    if not (by.is_authenticated and by.is_assessor and assessment.is_assigned(by)):
        raise CheckError("Only the visit's assessors can change its evidence log.")
    if not assessment.is_editable:
        raise CheckError(
            f"The assessment is {assessment.get_status_display().lower()}: its evidence log can no "
            "longer change. Nothing was saved."
        )


def _next_position(model, assessment: Assessment) -> int:
    last = model.objects.filter(assessment=assessment).order_by("-position").first()
    return (last.position if last else 0) + 1


@transaction.atomic
def meeting_add(
    *, assessment: Assessment, by, group: str, number: int | None = None, element=None
) -> Meeting:
    """A meeting of the visit: with whom, how many, and the element of the assessment's
    framework it was mostly about (or none)."""
    assessment = _locked(assessment)
    _log_editable(assessment, by)
    group = group.strip()
    if not group:
        raise CheckError("Say whom the assessors met: the group is required.")
    if number is not None and number < 1:
        raise CheckError("The number of people must be at least 1, or left empty.")
    if element is not None and element.framework_id != assessment.framework_id:
        raise CheckError("That element is not in this assessment's framework. Nothing was saved.")
    return Meeting.objects.create(
        assessment=assessment,
        position=_next_position(Meeting, assessment),
        group=group,
        number=number,
        element=element,
    )


@transaction.atomic
def document_add(*, assessment: Assessment, by, title: str) -> DocumentSeen:
    assessment = _locked(assessment)
    _log_editable(assessment, by)
    title = title.strip()
    if not title:
        raise CheckError("Name the document: the title is required.")
    return DocumentSeen.objects.create(
        assessment=assessment, position=_next_position(DocumentSeen, assessment), title=title
    )


@transaction.atomic
def log_row_delete(*, assessment: Assessment, by, kind: str, row: int) -> None:
    """Delete one meeting (kind "meeting") or document ("document") of the evidence log."""
    assessment = _locked(assessment)
    _log_editable(assessment, by)
    model = {"meeting": Meeting, "document": DocumentSeen}[kind]
    found = model.objects.filter(assessment=assessment, pk=row).first()
    if found is None:
        raise CheckError("That row is no longer in the evidence log: someone may have deleted it.")
    found.delete()
