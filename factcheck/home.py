"""What the school's home shows of its factual checks."""


def school_checks(school) -> list:
    """The drafts sent to the school for a factual-accuracy check and not yet confirmed, newest
    first, for its staff's home (one query)."""
    from assessments.models import Status
    from factcheck.models import FactualCheck

    return list(
        FactualCheck.objects.filter(assessment__school=school)
        .exclude(assessment__status=Status.CONFIRMED)
        .select_related("assessment__kind")
        .order_by("-sent_at")
    )
