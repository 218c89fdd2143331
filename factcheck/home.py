"""What the school's home shows of its factual checks."""

from prepared import Prepared


def school_checks(school) -> list:
    """The drafts sent to the school for a factual-accuracy check and not yet confirmed, newest
    first, for its staff's home (one query)."""
    from assessments.models import Status
    from factcheck.models import FactualCheck

    return list(
        FactualCheck.objects.filter(assessment__school=school)
        .exclude(assessment__status=Status.CONFIRMED)
        .select_related("assessment__kind")
        .only("deadline", "nothing_to_correct_at", "assessment__kind__name")  # what the home shows
        .order_by("-sent_at")
    )


def _unanswered(assessment_ids):
    from django.db.models import Count

    from factcheck.models import CheckComment

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
