"""A school's award, derived from its confirmed, successful assessments.

The award follows from the assessments, so it can never disagree with them. An award runs
from its award date (the letter date) for the assessment's reassessment interval. A later
revision of an assessment replaces the one it corrects.

One thing is stored: each school's newest award and the day it runs out (School.newest_award,
School.award_expires_on), for the director's "awards expiring" list. Only a confirmation can
change which award is newest, and the confirmation service calls record_newest_award in its
transaction; refresh_newest_awards recomputes every school at once (bulk loads, repairs).
"""

import dataclasses
import datetime

from django.utils import timezone

from assessments.dates import add_months, add_years
from assessments.models import Assessment, Outcome, Status, award_date_of, valid_until_of
from prepared import Prepared
from schools.models import School

# Reassessment is due when the award runs out within this many months.
EXPIRY_WINDOW_MONTHS = 6


@dataclasses.dataclass(frozen=True)
class Award:
    """One award a school holds or held: of the confirmed assessment `assessment_id`."""

    level: str
    confirmed_on: datetime.date
    valid_until: datetime.date | None
    assessment_id: int
    label: str = ""
    rank: int = 0
    renewal: str = "reassessment"
    due_window_months: int = EXPIRY_WINDOW_MONTHS

    @property
    def due_phrase(self) -> str:
        """ "Reassessment due", "Annual review due"."""
        return f"{self.renewal} due".capitalize()

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_until is None or day < self.valid_until


# What the awards are worked out from, read as values: of each confirmed, successful
# assessment, its award's dates and its kind's levels (_LEVEL_COLUMNS of each).
_LEVEL_COLUMNS = ("code", "name", "rank", "renewal", "due_window_months", "validity_years")
_AWARD_COLUMNS = (
    "pk",
    "letter_date",
    "confirmed_at",
    "reassessment_years",
    "renews_lower_award",
    "kind__renews_level_id",
    *(f"kind__award_level__{name}" for name in _LEVEL_COLUMNS),
    *(f"kind__renews_level__{name}" for name in _LEVEL_COLUMNS),
)

# The school's awarding assessments, leaving out corrected revisions; unordered (sorted below:
# the model's ordering would only cost its compilation). Compiled once (prepared).
_SCHOOL_AWARDS = Prepared(
    lambda school_id: (
        Assessment.objects.filter(school_id=school_id, status=Status.CONFIRMED, outcome=Outcome.YES)
        .exclude(revisions__status=Status.CONFIRMED)
        .order_by()
        .values_list(*_AWARD_COLUMNS)
    )
)


def _award(assessment_id: int, awarded: datetime.date, level: tuple, valid_until) -> Award:
    code, name, rank, renewal, due_window_months, _ = level
    return Award(
        level=code,
        confirmed_on=awarded,
        valid_until=valid_until,
        assessment_id=assessment_id,
        label=name,
        rank=rank,
        renewal=renewal,
        due_window_months=due_window_months,
    )


def awards_from(row: tuple) -> list[Award]:
    """The awards a confirmed, successful assessment gives (a row of _AWARD_COLUMNS): its
    kind's level and, for a review that also renews the lower award beneath it, that one too
    (for the lower level's term)."""
    pk, letter_date, confirmed_at, reassessment_years, renews_lower_award, renews_level_id = row[:6]
    level, lower = row[6:12], row[12:18]
    awarded = award_date_of(letter_date, confirmed_at)
    if awarded is None:
        return []
    given = [_award(pk, awarded, level, valid_until_of(awarded, reassessment_years))]
    if renews_lower_award and renews_level_id:
        given.append(_award(pk, awarded, lower, add_years(awarded, lower[5])))
    return given


def school_awards(school_id: int) -> list[Award]:
    """Every award the school was issued, newest first, leaving out corrected revisions. One
    query."""
    awards = [award for row in _SCHOOL_AWARDS(school_id=school_id) for award in awards_from(row)]
    awards.sort(key=lambda award: (award.confirmed_on, award.assessment_id), reverse=True)
    return awards


def awards_for_school(school) -> list[Award]:
    """school_awards of the school."""
    return school_awards(school.pk)


def _newest_by_school(assessments) -> dict[int, Assessment]:
    """Of the given awards, each school's newest: the latest award date, then the highest id
    (the order of awards_for_school)."""
    newest: dict[int, Assessment] = {}
    for assessment in assessments:
        if assessment.award_date is None:
            continue
        key = (assessment.award_date, assessment.pk)
        best = newest.get(assessment.school_id)
        if best is None or key > (best.award_date, best.pk):
            newest[assessment.school_id] = assessment
    return newest


def _award_candidates():
    return (
        Assessment.objects.filter(status=Status.CONFIRMED, outcome=Outcome.YES)
        .exclude(revisions__status=Status.CONFIRMED)
        .only("school_id", "letter_date", "confirmed_at", "reassessment_years", "expires_on")
    )


def record_newest_award(school) -> None:
    """Store the school's newest award and its expiry on the school (see the module's note)."""
    newest = _newest_by_school(_award_candidates().filter(school=school)).get(school.pk)
    School.objects.filter(pk=school.pk).update(
        newest_award=newest, award_expires_on=newest.expires_on if newest else None
    )


def refresh_newest_awards(*, batch_size: int = 2000) -> int:
    """Recompute every school's newest award and expiry from the assessments; returns how many
    schools hold an award. One pass over the confirmed awards, then updates in batches."""
    newest = _newest_by_school(_award_candidates().iterator(chunk_size=batch_size))
    schools = []
    for school in School.objects.only("pk", "newest_award", "award_expires_on").iterator(
        chunk_size=batch_size
    ):
        award = newest.get(school.pk)
        school.newest_award = award
        school.award_expires_on = award.expires_on if award else None
        schools.append(school)
    School.objects.bulk_update(schools, ["newest_award", "award_expires_on"], batch_size=batch_size)
    return len(newest)


def current_award(
    school, *, today: datetime.date | None = None, history: list[Award] | None = None
) -> Award | None:
    """The award in force on `today`: of the awards still valid, the highest level, then the
    newest. None when the school holds no award that is still valid. `history`, the school's
    awards_for_school when the caller has it already, saves reading them again."""
    today = today or timezone.localdate()
    if history is None:
        history = awards_for_school(school)
    return _in_force(history, today)


def _in_force(history: list[Award], today: datetime.date) -> Award | None:
    valid = [award for award in history if award.is_valid_on(today)]
    if not valid:
        return None
    return max(valid, key=lambda award: (award.rank, award.confirmed_on))


def award_status(school_id: int) -> dict:
    """What the school's award pages say: the award in force, or the latest one if it has run
    out, and whether its renewal (a reassessment, an annual review) is due: the award has
    expired or runs out within its level's window. One query."""
    today = timezone.localdate()
    history = school_awards(school_id)
    current = _in_force(history, today)
    latest = history[0] if history else None
    shown = current or latest
    expired = shown is not None and current is None
    due_soon = (
        current is not None
        and current.valid_until is not None
        and current.valid_until <= add_months(today, current.due_window_months)
    )
    return {"award": shown, "expired": expired, "due": expired or due_soon, "today": today}


def latest_award(school) -> Award | None:
    """The most recently issued award, expired or not, or None."""
    history = awards_for_school(school)
    return history[0] if history else None
