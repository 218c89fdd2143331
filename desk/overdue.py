"""The director's Overdue list: every unfinished stage of an unconfirmed visit whose due date has
passed, the most overdue first — the school's self-evaluation (selfeval), the report (the core),
the school's factual check and the confirmation after it (factcheck). It joins three apps, so it
lives in the top app.

The database does the work: a stage's due date is a number of working days from a date the
database holds (the visit's first or last day, the check's deadline), and adding working days
never moves a later day before an earlier one, so "due before today" is "that date on or before
a cut-off day", worked out once in Python. Each stage is one query that reads at most `limit`
rows, ordered by that date, with the number of all its rows (a window count), so the home page
reads five queries of at most twenty rows whatever the number of schools and visits.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Window, prefetch_related_objects
from django.db.models.functions import Coalesce

from assessments.dates import add_working_days, plain_date_range, self_evaluation_days, self_evaluation_due
from assessments.models import OPEN_STATUSES, Assessment
from desk.links import id_link
from factcheck.deadlines import CHECK, CONFIRMED, REPORT, SELF_EVALUATION, Stage
from factcheck.models import CheckComment, FactualCheck
from selfeval.models import SelfEvaluation

HOME_LIMIT = 20
# Only visits up to this far ahead can have a stage due already (the self-evaluation is due ten
# working days before the visit).
AHEAD = datetime.timedelta(days=30)


def last_day_due_before(today: datetime.date, working_days: int) -> datetime.date:
    """The latest day whose date plus `working_days` working days falls before `today`: every
    day up to it has such a stage overdue, no later day has."""
    day = today + datetime.timedelta(days=2 * abs(working_days) + 7)
    while add_working_days(day, working_days) >= today:
        day -= datetime.timedelta(days=1)
    return day


def _offset(name: str, default: int) -> int:
    return getattr(settings, name, default)


def _counted(queryset):
    # The number of all the stage's rows, read with the first `limit` of them.
    return queryset.annotate(stage_total=Window(expression=Count("pk")))


def _take(queryset, limit: int | None) -> list:
    return list(queryset if limit is None else queryset[:limit])


# The rows are narrow: the lists (the home page's, the weekly digest's) show the school and the
# visit's dates, and the due day is worked out from them; reading the assessment's other columns
# cost more CPU than the queries' own work.
_COLUMNS = ("school", "visit_start", "visit_end")


def _unconfirmed(today: datetime.date):
    return Assessment.objects.filter(
        status__in=OPEN_STATUSES, visit_start__isnull=False, visit_start__lte=today + AHEAD
    ).only(*_COLUMNS)


def _self_evaluations(today: datetime.date, limit: int | None) -> tuple[list[Stage], int]:
    submitted = SelfEvaluation.objects.filter(assessment=OuterRef("pk"), submitted_at__isnull=False)
    cut_off = last_day_due_before(today, -self_evaluation_days())
    rows = _take(
        _counted(
            _unconfirmed(today)
            .filter(visit_start__lte=cut_off)
            .filter(~Exists(submitted))
            .order_by("visit_start", "pk")
        ),
        limit,
    )
    stages = [Stage(a, SELF_EVALUATION, self_evaluation_due(a), False) for a in rows]
    return stages, rows[0].stage_total if rows else 0


def _reports(today: datetime.date, limit: int | None) -> tuple[list[Stage], int]:
    days = _offset("IQM_DEADLINE_REPORT_DAYS", 10)
    rows = _take(
        _counted(
            _unconfirmed(today)
            .filter(submitted_at__isnull=True)
            .annotate(last_day=Coalesce("visit_end", "visit_start"))
            .filter(last_day__lte=last_day_due_before(today, days))
            .order_by("last_day", "pk")
        ),
        limit,
    )
    stages = [Stage(a, REPORT, add_working_days(a.last_day, days), False) for a in rows]
    return stages, rows[0].stage_total if rows else 0


def _checks(today: datetime.date):
    return (
        FactualCheck.objects.filter(
            assessment__status__in=OPEN_STATUSES,
            assessment__visit_start__isnull=False,
            assessment__visit_start__lte=today + AHEAD,
        )
        .select_related("assessment")
        .only("deadline", *(f"assessment__{name}" for name in _COLUMNS))
    )


def _unanswered_checks(today: datetime.date, limit: int | None) -> tuple[list[Stage], int]:
    # Answered: the school said nothing to correct, or commented and every comment has an answer
    # (factcheck.deadlines.is_answered).
    comments = CheckComment.objects.filter(factual_check=OuterRef("pk"))
    rows = _take(
        _counted(
            _checks(today)
            .filter(deadline__lt=today, nothing_to_correct_at__isnull=True)
            .filter(~Exists(comments) | Exists(comments.filter(answer__isnull=True)))
            .order_by("deadline", "pk")
        ),
        limit,
    )
    stages = [Stage(check.assessment, CHECK, check.deadline, False) for check in rows]
    return stages, rows[0].stage_total if rows else 0


def _confirmations(today: datetime.date, limit: int | None) -> tuple[list[Stage], int]:
    days = _offset("IQM_DEADLINE_CONFIRM_DAYS", 5)
    rows = _take(
        _counted(
            _checks(today).filter(deadline__lte=last_day_due_before(today, days)).order_by("deadline", "pk")
        ),
        limit,
    )
    stages = [
        Stage(check.assessment, CONFIRMED, add_working_days(check.deadline, days), False) for check in rows
    ]
    return stages, rows[0].stage_total if rows else 0


def overdue(today: datetime.date, limit: int | None = None) -> tuple[list[Stage], int]:
    """The overdue stages, the most overdue first (then by visit), at most `limit` of them (all
    with None), and how many there are in all. Five queries: one a stage, one for the schools."""
    found: list[Stage] = []
    total = 0
    for stage_rows in (_self_evaluations, _reports, _unanswered_checks, _confirmations):
        rows, count = stage_rows(today, limit)
        found += rows
        total += count
    found.sort(key=lambda stage: (stage.due, stage.assessment.pk))
    found = found if limit is None else found[:limit]
    # The schools of the rows shown, in one query: joined into the stage queries they would be
    # read for every overdue row, not just the ones shown.
    prefetch_related_objects([stage.assessment for stage in found], "school")
    return found, total


def overdue_context(today: datetime.date) -> dict:
    """The director's home's Overdue list, as template context (each row's address and visit
    dates worked out here, not by a tag a row)."""
    rows, total = overdue(today, HOME_LIMIT)
    review = id_link("review_assessment")
    return {
        "overdue": [
            {
                "assessment": s.assessment,
                "url": review(s.assessment.pk),
                "visit_dates": plain_date_range(s.assessment.visit_start, s.assessment.visit_end),
                "stage": s.name,
                "due": s.due,
                "days": s.days_overdue(today),
            }
            for s in rows
        ],
        "overdue_total": total,
    }


def overdue_by_stage(today: datetime.date, limit: int) -> list[dict]:
    """The overdue stages grouped by stage, for the weekly digest: for each stage its name, the
    `limit` most overdue rows and how many there are in all. Five queries: one a stage, one for
    the schools."""
    groups = []
    for stage_rows in (_self_evaluations, _reports, _unanswered_checks, _confirmations):
        rows, count = stage_rows(today, limit)
        groups.append({"rows": rows, "total": count})
    prefetch_related_objects([s.assessment for group in groups for s in group["rows"]], "school")
    names = (SELF_EVALUATION, REPORT, CHECK, CONFIRMED)
    return [
        {
            "stage": name,
            "rows": [{"stage": s, "days": s.days_overdue(today)} for s in group["rows"]],
            "total": group["total"],
        }
        for name, group in zip(names, groups, strict=True)
    ]
