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

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.db.models.functions import Coalesce

from assessments.dates import add_working_days, plain_date, plain_date_range, self_evaluation_days
from assessments.html_rows import join_rows
from assessments.models import OPEN_STATUSES, Assessment
from desk.links import id_link
from factcheck.deadlines import CHECK, CONFIRMED, REPORT, SELF_EVALUATION, Stage
from factcheck.models import CheckComment, FactualCheck
from prepared import Prepared
from schools.models import School
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


# The rows are narrow value tuples, no model instances: the lists (the home page's, the weekly
# digest's) show the school and the visit's dates, and the due day is worked out from them.
# Each stage's query reads (assessment, school, visit start, visit end, the date the due day
# is counted from, the stage's total).
_COLUMNS = ("pk", "school_id", "visit_start", "visit_end")


@dataclasses.dataclass(frozen=True)
class Late:
    """An overdue stage as its query reads it: the assessment's key, its school's, the visit's
    dates, the stage's name and its due day."""

    assessment_id: int
    school_id: int
    visit_start: datetime.date
    visit_end: datetime.date | None
    name: str
    due: datetime.date


def _read(rows: list[tuple], name: str, due) -> tuple[list[Late], int]:
    """The stage's rows, each due `due(date)` from the fifth value read, and the number of all of
    them (the window count each row carries)."""
    late = [Late(pk, school, start, end, name, due(day)) for pk, school, start, end, day, _ in rows]
    return late, rows[0][-1] if rows else 0


# Each stage is one query, compiled once (prepared.Prepared) and run with the day's dates bound:
# the cut-off days are worked out here, in Python. Its conditions go into the queryset in one
# filter() call: every call copies the query.


def _unconfirmed(*conditions: Q):
    return Assessment.objects.filter(*conditions, status__in=OPEN_STATUSES)


def _self_evaluations_query(cut_off, limit):
    submitted = SelfEvaluation.objects.filter(assessment=OuterRef("pk"), submitted_at__isnull=False)
    return _counted(
        _unconfirmed(Q(visit_start__lte=cut_off), ~Exists(submitted)).order_by("visit_start", "pk")
    ).values_list(*_COLUMNS, "visit_start", "stage_total")[:limit]


_SELF_EVALUATIONS = Prepared(_self_evaluations_query, shape=("limit",))


def _self_evaluations(today: datetime.date, limit: int | None) -> tuple[list[Late], int]:
    days = self_evaluation_days()
    cut_off = min(last_day_due_before(today, -days), today + AHEAD)
    rows = _SELF_EVALUATIONS(cut_off=cut_off, limit=limit)
    return _read(rows, SELF_EVALUATION, lambda day: add_working_days(day, -days))


_REPORTS = Prepared(
    lambda ahead, cut_off, limit: _counted(
        Assessment.objects.annotate(last_day=Coalesce("visit_end", "visit_start"))
        .filter(
            status__in=OPEN_STATUSES, visit_start__lte=ahead, submitted_at__isnull=True, last_day__lte=cut_off
        )
        .order_by("last_day", "pk")
    ).values_list(*_COLUMNS, "last_day", "stage_total")[:limit],
    shape=("limit",),
)


def _reports(today: datetime.date, limit: int | None) -> tuple[list[Late], int]:
    days = _offset("IQM_DEADLINE_REPORT_DAYS", 10)
    rows = _REPORTS(ahead=today + AHEAD, cut_off=last_day_due_before(today, days), limit=limit)
    return _read(rows, REPORT, lambda day: add_working_days(day, days))


def _checks(ahead: datetime.date, *conditions: Q, **lookups):
    # A visit with no first day (visit_start NULL) is never on or before a day.
    return FactualCheck.objects.filter(
        *conditions,
        assessment__status__in=OPEN_STATUSES,
        assessment__visit_start__lte=ahead,
        **lookups,
    )


_CHECK_COLUMNS = tuple(f"assessment__{name}" for name in _COLUMNS)


def _unanswered_checks_query(today, ahead, limit):
    # Answered: the school said nothing to correct, or commented and every comment has an answer
    # (factcheck.deadlines.is_answered).
    comments = CheckComment.objects.filter(factual_check=OuterRef("pk"))
    return _counted(
        _checks(
            ahead,
            ~Exists(comments) | Exists(comments.filter(answer__isnull=True)),
            deadline__lt=today,
            nothing_to_correct_at__isnull=True,
        ).order_by("deadline", "pk")
    ).values_list(*_CHECK_COLUMNS, "deadline", "stage_total")[:limit]


_UNANSWERED_CHECKS = Prepared(_unanswered_checks_query, shape=("limit",))


def _unanswered_checks(today: datetime.date, limit: int | None) -> tuple[list[Late], int]:
    rows = _UNANSWERED_CHECKS(today=today, ahead=today + AHEAD, limit=limit)
    return _read(rows, CHECK, lambda day: day)


_CONFIRMATIONS = Prepared(
    lambda ahead, cut_off, limit: _counted(
        _checks(ahead, deadline__lte=cut_off).order_by("deadline", "pk")
    ).values_list(*_CHECK_COLUMNS, "deadline", "stage_total")[:limit],
    shape=("limit",),
)


def _confirmations(today: datetime.date, limit: int | None) -> tuple[list[Late], int]:
    days = _offset("IQM_DEADLINE_CONFIRM_DAYS", 5)
    rows = _CONFIRMATIONS(ahead=today + AHEAD, cut_off=last_day_due_before(today, days), limit=limit)
    return _read(rows, CONFIRMED, lambda day: add_working_days(day, days))


_STAGES = (_self_evaluations, _reports, _unanswered_checks, _confirmations)


def late_stages(today: datetime.date, limit: int | None = None) -> tuple[list[Late], int]:
    """The overdue stages, the most overdue first (then by visit), at most `limit` of them (all
    with None), and how many there are in all. Four queries, one a stage."""
    found: list[Late] = []
    total = 0
    for stage_rows in _STAGES:
        rows, count = stage_rows(today, limit)
        found += rows
        total += count
    found.sort(key=lambda late: (late.due, late.assessment_id))
    return (found if limit is None else found[:limit]), total


def _stages(rows: list[Late]) -> list[Stage]:
    """The rows as Stages, each with its assessment (the columns read, and its school's name):
    one query for them all."""
    schools = School.objects.only("name").in_bulk({late.school_id for late in rows})
    stages = []
    for late in rows:
        assessment = Assessment.from_db(
            Assessment.objects.db,
            ["id", "school_id", "visit_start", "visit_end"],
            [late.assessment_id, late.school_id, late.visit_start, late.visit_end],
        )
        assessment.school = schools[late.school_id]
        stages.append(Stage(assessment, late.name, late.due, False))
    return stages


def overdue(today: datetime.date, limit: int | None = None) -> tuple[list[Stage], int]:
    """The overdue stages (late_stages) as Stages with their assessments and schools, and how
    many there are in all. Five queries: one a stage, one for the schools."""
    rows, total = late_stages(today, limit)
    return _stages(rows), total


# The Overdue table's rows, the cells' texts escaped: written here rather than by the template,
# which would spend more on a row's variables than on the rest of the list.
_ROW = '<tr><td><a href="{}">{}</a> ({})</td><td>{}</td><td>{}</td><td>{}</td></tr>\n'


_NAMES = Prepared(lambda schools: School.objects.filter(pk__in=schools).values_list("pk", "name"))


def overdue_context(today: datetime.date) -> dict:
    """The director's home's Overdue list, as template context: its rows (`overdue`: each row's
    school, address, visit dates, stage, due day and days overdue, as the page writes them),
    those rows as the table's body (`overdue_body`) and how many stages are overdue in all.
    Five queries: one a stage, one for the names of the schools shown."""
    rows, total = late_stages(today, HOME_LIMIT)
    names = dict(_NAMES(schools={late.school_id for late in rows}))
    review = id_link("review_assessment")
    shown = [
        {
            "url": review(late.assessment_id),
            "school": names[late.school_id],
            "visit_dates": plain_date_range(late.visit_start, late.visit_end),
            "stage": late.name,
            "due": plain_date(late.due),
            "days": (today - late.due).days,
        }
        for late in rows
    ]
    return {
        "overdue": shown,
        "overdue_body": join_rows(_ROW, (row.values() for row in shown)),
        "overdue_total": total,
    }


def overdue_by_stage(today: datetime.date, limit: int) -> list[dict]:
    """The overdue stages grouped by stage, for the weekly digest: for each stage its name, the
    `limit` most overdue rows and how many there are in all. Five queries: one a stage, one for
    the schools."""
    groups = [stage_rows(today, limit) for stage_rows in _STAGES]
    # Every group's rows as Stages, their schools read in one query; then cut back into groups.
    stages = _stages([late for rows, _ in groups for late in rows])
    result, start = [], 0
    for name, (rows, total) in zip((SELF_EVALUATION, REPORT, CHECK, CONFIRMED), groups, strict=True):
        shown, start = stages[start : start + len(rows)], start + len(rows)
        result.append(
            {
                "stage": name,
                "rows": [{"stage": s, "days": s.days_overdue(today)} for s in shown],
                "total": total,
            }
        )
    return result
