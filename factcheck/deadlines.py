"""The stages of a visit that have a due date, as the director's Overdue list (desk.overdue)
names them, and whether a factual check is answered.

Offsets are settings (IQM_DEADLINE_*), in working days (Monday to Friday; bank holidays are not
counted out: assessments.dates.add_working_days)."""

import dataclasses
import datetime

from assessments.models import Assessment

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


def is_answered(check) -> bool:
    """The school said nothing to correct, or commented and every comment has an answer (the
    Overdue list asks the same in SQL: desk.overdue)."""
    if check.nothing_to_correct_at is not None:
        return True
    comments = check.comments.all()
    return comments.exists() and not comments.filter(answer__isnull=True).exists()
