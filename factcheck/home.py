"""What the school's home shows of its factual checks."""

from django.db.models import Count

from assessments.models import Status
from factcheck.models import CheckComment, FactualCheck
from prepared import Prepared

# The drafts sent to a school for a factual-accuracy check and not yet confirmed, newest first:
# what its staff's home shows of each. Compiled once (prepared).
_SCHOOL_CHECKS = Prepared(
    lambda school_id: (
        FactualCheck.objects.filter(assessment__school_id=school_id)
        .exclude(assessment__status=Status.CONFIRMED)
        .order_by("-sent_at")
        .values_list("pk", "assessment__kind__name", "deadline", "nothing_to_correct_at")
    )
)


def school_checks(school_id: int) -> list[dict]:
    """The drafts sent to the school for a factual-accuracy check and not yet confirmed, newest
    first, for its staff's home: each check's `pk`, its visit's `kind` (its name), its
    `deadline` and when the school said there is `nothing_to_correct` (None if it has not).
    One query."""
    return [
        {"pk": pk, "kind": kind, "deadline": deadline, "nothing_to_correct": nothing_to_correct}
        for pk, kind, deadline, nothing_to_correct in _SCHOOL_CHECKS(school_id=school_id)
    ]


def _unanswered(assessment_ids):
    return (
        CheckComment.objects.filter(factual_check__assessment_id__in=assessment_ids, answer__isnull=True)
        .values_list("factual_check__assessment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


_UNANSWERED = Prepared(_unanswered)


def unanswered_comments(assessment_ids: list[int]) -> dict[int, int]:
    """How many of the school's comments on each of these assessments' drafts wait for the lead
    assessor's answer, by assessment id, for the assessor's home: one query however many
    assessments, none for none."""
    if not assessment_ids:
        return {}
    return dict(_UNANSWERED(assessment_ids=list(assessment_ids)))
