"""The director's home's "Overdue" list (factcheck.deadlines.overdue), as template context."""

import datetime

from factcheck import deadlines

OVERDUE_LIMIT = 20


def overdue_context(today: datetime.date) -> dict:
    rows = deadlines.overdue(today)
    return {
        "overdue": [
            {"assessment": s.assessment, "stage": s.name, "due": s.due, "days": s.days_overdue(today)}
            for s in rows[:OVERDUE_LIMIT]
        ],
        "overdue_total": len(rows),
    }


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
