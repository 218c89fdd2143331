"""Working days, and the due date of each stage of a visit.

Offsets are settings (IQM_DEADLINE_*), in working days (Monday to Friday; bank holidays are not
counted out)."""

import dataclasses
import datetime

from django.conf import settings

from assessments.models import Assessment, Status

SELF_EVALUATION = "Self-evaluation in"
REPORT = "Report submitted"
CHECK = "Factual check answered"
CONFIRMED = "Confirmed"


def _offset(name: str, default: int) -> int:
    return getattr(settings, name, default)


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The day `days` working days (Mon–Fri) after `day` (before it if negative)."""
    step = 1 if days >= 0 else -1
    left = abs(days)
    while left:
        day += datetime.timedelta(days=step)
        if day.weekday() < 5:
            left -= 1
    return day


@dataclasses.dataclass(frozen=True)
class Stage:
    assessment: Assessment
    name: str
    due: datetime.date
    done: bool

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due).days


def stages(assessment: Assessment) -> list[Stage]:
    """The stages of one visit with their due dates; a visit without dates has none. The
    self-evaluation stage appears only where the assessment has a self_evaluation relation
    (the selfeval app), read defensively."""
    found = []
    if assessment.visit_start is None:
        return found
    visit_end = assessment.visit_end or assessment.visit_start
    if hasattr(type(assessment), "self_evaluation"):
        self_evaluation = getattr(assessment, "self_evaluation", None)
        found.append(
            Stage(
                assessment,
                SELF_EVALUATION,
                add_working_days(assessment.visit_start, -_offset("IQM_DEADLINE_SELF_EVALUATION_DAYS", 10)),
                bool(getattr(self_evaluation, "submitted_at", None)),
            )
        )
    found.append(
        Stage(
            assessment,
            REPORT,
            add_working_days(visit_end, _offset("IQM_DEADLINE_REPORT_DAYS", 10)),
            assessment.submitted_at is not None or assessment.status == Status.CONFIRMED,
        )
    )
    check = getattr(assessment, "factual_check", None) if _has_check(assessment) else None
    if check is not None:
        found.append(Stage(assessment, CHECK, check.deadline, is_answered(check)))
        found.append(
            Stage(
                assessment,
                CONFIRMED,
                add_working_days(check.deadline, _offset("IQM_DEADLINE_CONFIRM_DAYS", 5)),
                assessment.status == Status.CONFIRMED,
            )
        )
    return found


def is_answered(check) -> bool:
    """The school said nothing to correct, or commented and every comment has an answer. Uses
    the counts overdue() annotates when present, else asks the database."""
    if check.nothing_to_correct_at is not None:
        return True
    if hasattr(check, "comment_total"):
        return check.comment_total > 0 and check.unanswered == 0
    comments = check.comments.all()
    return comments.exists() and not comments.filter(answer__isnull=True).exists()


def _has_check(assessment: Assessment) -> bool:
    try:
        assessment.factual_check  # noqa: B018 - a reverse one-to-one raises when absent
    except Exception:
        return False
    return True


def overdue(today: datetime.date) -> list[Stage]:
    """Every unfinished stage of an unconfirmed visit whose due date has passed, the most overdue
    first. A fixed number of queries however many visits: the checks and their comments come
    with the assessments."""
    from django.db.models import Count, Prefetch, Q

    from factcheck.models import FactualCheck

    related = ["school"]
    if hasattr(Assessment, "self_evaluation"):
        related.append("self_evaluation")
    checks = FactualCheck.objects.annotate(
        comment_total=Count("comments"),
        unanswered=Count("comments", filter=Q(comments__answer__isnull=True)),
    )
    assessments = (
        Assessment.objects.exclude(status=Status.CONFIRMED)
        .filter(visit_start__isnull=False, visit_start__lte=today + datetime.timedelta(days=30))
        .select_related(*related)
        .prefetch_related(Prefetch("factual_check", queryset=checks))
    )
    found = []
    for assessment in assessments:
        for stage in stages(assessment):
            if not stage.done and stage.due < today:
                found.append(stage)
    found.sort(key=lambda stage: (stage.due, stage.assessment.pk))
    return found
