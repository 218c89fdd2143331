"""What the director's review page shows of the factual check (templates/factcheck/_review.html)."""

from assessments.models import Assessment, Status
from factcheck import services
from factcheck.forms import SendForm
from factcheck.models import CheckComment


def comment_rows(check) -> list[dict]:
    """The check's comments, oldest first, each with the label of its part of the letter and its
    answer (None while unanswered)."""
    labels = dict(services.targets(check.assessment))
    return [
        {
            "comment": comment,
            "label": labels.get(comment.target, comment.target),
            "answer": getattr(comment, "answer", None),  # a missing reverse one-to-one: AttributeError
        }
        for comment in CheckComment.objects.filter(factual_check=check).select_related("author", "answer")
    ]


def review_context(assessment: Assessment) -> dict:
    check = services.check_of(assessment)
    return {
        "check": check,
        "check_comments": comment_rows(check) if check else [],
        "check_problem": services.confirm_problem(assessment)
        if assessment.status == Status.SUBMITTED
        else "",
        "send_form": SendForm(initial={"deadline": services.default_deadline()}) if check is None else None,
    }
