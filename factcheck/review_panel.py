"""What the director's review page shows of the factual check (templates/factcheck/_review.html)."""

from assessments.models import Assessment, Status
from factcheck import letter_text, services
from factcheck.forms import SendForm
from factcheck.models import CheckComment


def comment_rows(check) -> list[dict]:
    """The check's comments, oldest first, each with the label of its part of the letter, the
    editor's page of that part and its answer (None while unanswered)."""
    labels = dict(services.targets(check.assessment))
    return [
        {
            "comment": comment,
            "label": labels.get(comment.target, comment.target),
            "part_url": services.part_url(check.assessment, comment.target),
            "answer": getattr(comment, "answer", None),  # a missing reverse one-to-one: AttributeError
        }
        for comment in CheckComment.objects.filter(factual_check=check).select_related("author", "answer")
    ]


def review_context(assessment: Assessment, *, letter_html: str | None = None) -> dict:
    """The check, its comments with their answers, why it stops confirmation (if it does), the
    form to send the draft, and for a submitted assessment the changes to its letter since the
    school was sent the draft (`check_changes`: None when the draft's text was not kept).
    `letter_html`, the letter's body the page shows already, spares rendering it again."""
    check = services.check_of(assessment)
    changes = None
    if check is not None and check.draft_text and assessment.status == Status.SUBMITTED:
        now = letter_text.text_of(letter_html or letter_text.letter_html(assessment))
        changes = letter_text.changes(check.draft_text, now)
    return {
        "check_changes": changes,
        "check": check,
        "check_comments": comment_rows(check) if check else [],
        "check_problem": services.confirm_problem(assessment)
        if assessment.status == Status.SUBMITTED
        else "",
        "send_form": SendForm(initial={"deadline": services.default_deadline()}) if check is None else None,
    }
