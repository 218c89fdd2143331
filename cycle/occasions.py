"""What the schedule finds due on a day: every reminder and digest occasion, each with the day it
was due to go ("the occasion"), what it is about, who should get it and why.

Days are local dates in Europe/London (settings.TIME_ZONE), so a run at half past midnight in
British Summer Time belongs to the new day, not to yesterday's UTC date. An occasion is due on
its day and, if that day's run was missed, for the CATCH_UP_DAYS after it; the record of what was
sent (cycle.models.Reminder) makes it go once. It is never due the day before.

Each finder is one query (two for the digests), whatever the number of schools: the database
picks the rows whose date falls in the few days that can be due, and Python works out the exact
occasion (working days and months are easier there, and monotone, so a date range in SQL is a
safe superset).
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from accounts.models import Role, User
from assessments.dates import add_months, add_working_days, plain_date, self_evaluation_due
from assessments.models import LONG_TEXT, OPEN_STATUSES, Assessment, Status
from cycle.models import ExpiryNotice, Kind
from factcheck.models import CheckComment, FactualCheck
from schools.models import School
from selfeval.models import SelfEvaluation


def catch_up_days() -> int:
    """For how many days after its day a missed occasion still goes (IQM_SCHEDULE_CATCH_UP_DAYS,
    6 unless set: a weekly digest missed on Monday still goes that week)."""
    return getattr(settings, "IQM_SCHEDULE_CATCH_UP_DAYS", 6)


# Days before a deadline that its "coming" reminder goes (calendar days).
SELF_EVALUATION_NOTICE_DAYS = 7
CHECK_NOTICE_DAYS = 2
REPORT_NOTICE_DAYS = 3


def annual_update_months() -> int:
    """Months before a Centre of Excellence's award runs out that its annual update is due
    (IQM_ANNUAL_UPDATE_MONTHS, 2 unless set)."""
    return getattr(settings, "IQM_ANNUAL_UPDATE_MONTHS", 2)


def cluster_meetings_needed() -> int:
    """Cluster meetings a Flagship school attends in a calendar year to keep its status
    (IQM_FLAGSHIP_CLUSTER_MEETINGS, 2 unless set)."""
    return getattr(settings, "IQM_FLAGSHIP_CLUSTER_MEETINGS", 2)


def cluster_check_day(year: int) -> datetime.date:
    """The day a Flagship school short of cluster meetings that year is reminded
    (IQM_CLUSTER_REMINDER_MONTH_DAY, "10-01" unless set: 1 October)."""
    month, day = getattr(settings, "IQM_CLUSTER_REMINDER_MONTH_DAY", "10-01").split("-")
    return datetime.date(year, int(month), int(day))


@dataclasses.dataclass(frozen=True)
class Occasion:
    """One reminder or digest due: `school_id` for a school's people, `user` for one person."""

    kind: str
    object_id: int
    occasion: datetime.date
    subject: str
    why: str
    school_id: int | None = None
    school: School | None = None
    user: User | None = None
    facts: tuple = ()  # (label, value) pairs the email lists
    path: str = ""  # the page the email links to


def _due(occasion: datetime.date, today: datetime.date) -> bool:
    return today - datetime.timedelta(days=catch_up_days()) <= occasion <= today


def _earliest(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=catch_up_days())


def _months_range(today: datetime.date, months: int) -> tuple[datetime.date, datetime.date]:
    """Dates d with add_months(d, -months) due today or in the catch-up days, widened by a few
    days for short months (the finder checks each exactly)."""
    return add_months(_earliest(today), months) - datetime.timedelta(days=3), add_months(
        today, months
    ) + datetime.timedelta(days=3)


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def award_expiry(today: datetime.date) -> list[Occasion]:
    """Each school whose newest award runs out `months_before` months from an occasion due now,
    for every reminder of its level (ExpiryNotice); 0 months: it has lapsed. Two queries."""
    notices = list(ExpiryNotice.objects.all())
    if not notices:
        return []
    by_level: dict[int, list[int]] = {}
    condition = Q()
    for notice in notices:
        by_level.setdefault(notice.level_id, []).append(notice.months_before)
        low, high = _months_range(today, notice.months_before)
        condition |= Q(
            newest_award__kind__award_level_id=notice.level_id, award_expires_on__range=(low, high)
        )
    schools = (
        School.objects.filter(condition)
        .select_related("newest_award__kind__award_level")
        .only(
            "name",
            "award_expires_on",
            "newest_award__kind__award_level__name",
            "newest_award__kind__award_level__renewal",
        )
    )
    found = []
    for school in schools:
        level = school.newest_award.kind.award_level
        expires = school.award_expires_on
        for months in by_level.get(level.pk, []):
            day = add_months(expires, -months)
            if not _due(day, today):
                continue
            when = plain_date(expires)
            if months == 0:
                kind, subject = Kind.AWARD_LAPSED, f"{school.name}: your {level.name} has lapsed"
                why = f"its {level.name} ran out on {when}"
            else:
                kind = Kind.AWARD_EXPIRY
                subject = f"{school.name}: your {level.name} runs out on {when}"
                why = f"its {level.name} runs out on {when}, in {_plural(months, 'month')}"
            found.append(
                Occasion(
                    kind=kind,
                    object_id=school.pk,
                    occasion=day,
                    subject=subject,
                    why=why,
                    school_id=school.pk,
                    school=school,
                    facts=(("Award", level.name), ("Runs out", when), ("To renew it", level.renewal)),
                    path="/",
                )
            )
    return found


def annual_update(today: datetime.date) -> list[Occasion]:
    """Each Centre of Excellence (a level of rank 2, renewed by annual review) whose annual
    update is due: annual_update_months() before its award runs out. One query."""
    months = annual_update_months()
    low, high = _months_range(today, months)
    schools = (
        School.objects.filter(newest_award__kind__award_level__rank=2, award_expires_on__range=(low, high))
        .select_related("newest_award__kind__award_level")
        .only("name", "award_expires_on", "newest_award__kind__award_level__name")
    )
    found = []
    for school in schools:
        day = add_months(school.award_expires_on, -months)
        if not _due(day, today):
            continue
        level = school.newest_award.kind.award_level
        when = plain_date(school.award_expires_on)
        found.append(
            Occasion(
                kind=Kind.ANNUAL_UPDATE,
                object_id=school.pk,
                occasion=day,
                subject=f"{school.name}: your annual update is due",
                why=f"its {level.name} runs out on {when}; the annual update comes before its annual review",
                school_id=school.pk,
                school=school,
                facts=(("Award", level.name), ("Runs out", when)),
                path="/",
            )
        )
    return found


def _open_visits(today: datetime.date, start: datetime.date, end: datetime.date):
    return (
        Assessment.objects.filter(status__in=OPEN_STATUSES, visit_start__range=(start, end))
        .select_related("school")
        .defer(*LONG_TEXT)
        .only("school__name", "visit_start", "visit_end", "lead_assessor", "status", "submitted_at")
    )


def self_evaluation(today: datetime.date) -> list[Occasion]:
    """Each open visit whose self-evaluation is not submitted: a week before it is due, and the
    day after (overdue). One query."""
    submitted = SelfEvaluation.objects.filter(assessment=OuterRef("pk"), submitted_at__isnull=False)
    # The due date is ten working days (at most three weeks) before the visit.
    start = _earliest(today) - datetime.timedelta(days=1)
    end = today + datetime.timedelta(days=SELF_EVALUATION_NOTICE_DAYS + 28)
    # Only a draft that is not a revision takes a self-evaluation (selfeval.access.takes_self_evaluation).
    visits = (
        _open_visits(today, start, end)
        .filter(status=Status.DRAFT, revision_of__isnull=True)
        .filter(~Exists(submitted))
        .order_by("visit_start", "pk")
    )
    found = []
    for visit in visits:
        due = self_evaluation_due(visit)
        when = plain_date(due)
        for kind, day, subject in (
            (
                Kind.SELF_EVALUATION_DUE,
                due - datetime.timedelta(days=SELF_EVALUATION_NOTICE_DAYS),
                f"{visit.school.name}: your self-evaluation is due on {when}",
            ),
            (
                Kind.SELF_EVALUATION_OVERDUE,
                due + datetime.timedelta(days=1),
                f"{visit.school.name}: your self-evaluation was due on {when}",
            ),
        ):
            if _due(day, today):
                found.append(
                    Occasion(
                        kind=kind,
                        object_id=visit.pk,
                        occasion=day,
                        subject=subject,
                        why=f"the self-evaluation for the visit on {plain_date(visit.visit_start)} is due on {when} and not submitted",
                        school_id=visit.school_id,
                        school=visit.school,
                        facts=(("Visit", plain_date(visit.visit_start)), ("Self-evaluation due", when)),
                        path=f"/school/self-evaluations/{visit.pk}/",
                    )
                )
    return found


def factual_check(today: datetime.date) -> list[Occasion]:
    """Each factual check not yet answered: two days before its deadline (closing) and the day
    after (closed). One query."""
    comments = CheckComment.objects.filter(factual_check=OuterRef("pk"))
    checks = (
        FactualCheck.objects.filter(
            assessment__status__in=OPEN_STATUSES,
            deadline__range=(
                _earliest(today) - datetime.timedelta(days=1),
                today + datetime.timedelta(days=CHECK_NOTICE_DAYS),
            ),
            nothing_to_correct_at__isnull=True,
        )
        .filter(~Exists(comments) | Exists(comments.filter(answer__isnull=True)))
        .select_related("assessment__school")
        .only("deadline", "assessment__school__name", "assessment__visit_start")
        .order_by("deadline", "pk")
    )
    found = []
    for check in checks:
        visit, when = check.assessment, plain_date(check.deadline)
        for kind, day, subject in (
            (
                Kind.CHECK_CLOSING,
                check.deadline - datetime.timedelta(days=CHECK_NOTICE_DAYS),
                f"{visit.school.name}: the factual check closes on {when}",
            ),
            (
                Kind.CHECK_CLOSED,
                check.deadline + datetime.timedelta(days=1),
                f"{visit.school.name}: the factual check closed on {when}",
            ),
        ):
            if _due(day, today):
                found.append(
                    Occasion(
                        kind=kind,
                        object_id=visit.pk,
                        occasion=day,
                        subject=subject,
                        why=f"the factual check of the draft report closes on {when} and is not answered",
                        school_id=visit.school_id,
                        school=visit.school,
                        facts=(("Visit", plain_date(visit.visit_start)), ("Check closes", when)),
                        path=f"/school/checks/{visit.pk}/",
                    )
                )
    return found


def report_days() -> int:
    return getattr(settings, "IQM_DEADLINE_REPORT_DAYS", 10)


def report_due_on(last_day: datetime.date) -> datetime.date:
    """The day an assessor's report is due: working days after the visit's last day."""
    return add_working_days(last_day, report_days())


def report_due(today: datetime.date) -> list[Occasion]:
    """Each visit whose report is not yet submitted, to its lead assessor: three days before it
    is due and the day after (overdue). One query."""
    start = _earliest(today) - datetime.timedelta(days=30)
    end = today + datetime.timedelta(days=REPORT_NOTICE_DAYS)
    visits = (
        Assessment.objects.filter(
            status__in=OPEN_STATUSES, submitted_at__isnull=True, lead_assessor__isnull=False
        )
        .annotate(last_day=Coalesce("visit_end", "visit_start"))
        .filter(last_day__range=(start, end))
        .select_related("school", "lead_assessor")
        .defer(*LONG_TEXT)
        .only("school__name", "visit_start", "visit_end", "lead_assessor", "submitted_at")
        .order_by("last_day", "pk")
    )
    found = []
    for visit in visits:
        due = report_due_on(visit.last_day)
        when = plain_date(due)
        for kind, day, subject in (
            (
                Kind.REPORT_DUE,
                due - datetime.timedelta(days=REPORT_NOTICE_DAYS),
                f"The report on {visit.school.name} is due on {when}",
            ),
            (
                Kind.REPORT_OVERDUE,
                due + datetime.timedelta(days=1),
                f"The report on {visit.school.name} was due on {when}",
            ),
        ):
            if _due(day, today):
                found.append(
                    Occasion(
                        kind=kind,
                        object_id=visit.pk,
                        occasion=day,
                        subject=subject,
                        why=f"the report on the visit of {plain_date(visit.visit_start)} is due on {when} and not submitted",
                        school_id=visit.school_id,
                        school=visit.school,
                        user=visit.lead_assessor,
                        facts=(("School", visit.school.name), ("Report due", when)),
                        path=f"/assessments/{visit.pk}/",
                    )
                )
    return found


def cluster_meetings(today: datetime.date) -> list[Occasion]:
    """Each Flagship school (a level of rank 3 or more, still in force) that has attended fewer
    cluster meetings this year than its status needs, on the year's check day. One query."""
    day = cluster_check_day(today.year)
    if not _due(day, today):
        return []
    needed = cluster_meetings_needed()
    schools = (
        School.objects.filter(newest_award__kind__award_level__rank__gte=3, award_expires_on__gt=today)
        .annotate(
            meetings=Count(
                "cluster_attendances",
                filter=Q(cluster_attendances__meeting__date__year=today.year),
            )
        )
        .filter(meetings__lt=needed)
        .only("name")
    )
    return [
        Occasion(
            kind=Kind.CLUSTER_MEETINGS,
            object_id=school.pk,
            occasion=day,
            subject=f"{school.name}: cluster meetings this year",
            why=f"it attended {_plural(school.meetings, 'cluster meeting')} in {today.year}; Flagship status needs {needed}",
            school_id=school.pk,
            school=school,
            facts=(("Attended this year", str(school.meetings)), ("Needed", str(needed))),
            path="/",
        )
        for school in schools
    ]


def week_start(today: datetime.date) -> datetime.date:
    """The Monday of the week: the weekly digest's day."""
    return today - datetime.timedelta(days=today.weekday())


def digests(today: datetime.date) -> list[Occasion]:
    """The weekly digest for every director and assessor with an email address, on Monday (or
    later that week if Monday's run was missed). One query."""
    day = week_start(today)
    if not _due(day, today):
        return []
    people = User.objects.filter(is_active=True, role__in=(Role.DIRECTOR, Role.ASSESSOR)).exclude(email="")
    found = []
    for person in people:
        director = person.role == Role.DIRECTOR
        found.append(
            Occasion(
                kind=Kind.DIGEST_DIRECTOR if director else Kind.DIGEST_ASSESSOR,
                object_id=person.pk,
                occasion=day,
                subject=f"Your IQM week: {plain_date(day)}",
                why=f"you are an IQM {person.get_role_display().lower()}: the digest goes every Monday",
                user=person,
                path="/cycle/digest/",
            )
        )
    return found


FINDERS = (award_expiry, annual_update, self_evaluation, factual_check, report_due, cluster_meetings, digests)


def due_on(today: datetime.date) -> list[Occasion]:
    """Every occasion due on `today` (or missed in the catch-up days), sent or not."""
    return [occasion for finder in FINDERS for occasion in finder(today)]
