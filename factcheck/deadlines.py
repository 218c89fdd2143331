"""Working days, and the due date of each stage of a visit.

Offsets are settings (IQM_DEADLINE_*), in working days (Monday to Friday; bank holidays are not
counted out)."""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from assessments.dates import add_working_days, self_evaluation_due
from assessments.models import Assessment, Status

# Each stage is named by what is due at its date, as the Overdue list shows it: a report still
# in draft past its date is a "Report due", not a "Report submitted".
SELF_EVALUATION = "Self-evaluation due"
REPORT = "Report due"
CHECK = "Factual check to answer"
CONFIRMED = "Confirmation due"


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
    self-evaluation stage is done once the school has submitted its self-evaluation (selfeval)."""
    found = []
    if assessment.visit_start is None:
        return found
    visit_end = assessment.visit_end or assessment.visit_start
    self_evaluation = _related(assessment, "self_evaluation")
    found.append(
        Stage(
            assessment,
            SELF_EVALUATION,
            self_evaluation_due(assessment),
            self_evaluation is not None and self_evaluation.submitted_at is not None,
        )
    )
    found.append(
        Stage(
            assessment,
            REPORT,
            add_working_days(visit_end, getattr(settings, "IQM_DEADLINE_REPORT_DAYS", 10)),
            assessment.submitted_at is not None or assessment.status == Status.CONFIRMED,
        )
    )
    check = _related(assessment, "factual_check")
    if check is not None:
        found.append(Stage(assessment, CHECK, check.deadline, is_answered(check)))
        found.append(
            Stage(
                assessment,
                CONFIRMED,
                add_working_days(check.deadline, getattr(settings, "IQM_DEADLINE_CONFIRM_DAYS", 5)),
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


def _related(assessment: Assessment, name: str):
    """The assessment's reverse one-to-one row `name`, or None when there is none."""
    try:
        return getattr(assessment, name)
    except ObjectDoesNotExist:
        return None


def overdue(today: datetime.date) -> list[Stage]:
    """Every unfinished stage of an unconfirmed visit whose due date has passed, the most overdue
    first. A fixed number of queries however many visits: the checks and their comments come
    with the assessments."""
    from django.db.models import Count, Prefetch, Q

    from factcheck.models import FactualCheck

    related = ["school", "self_evaluation"]
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
