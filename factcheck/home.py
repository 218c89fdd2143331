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
