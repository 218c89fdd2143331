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

from assessments.models import AWARD_RANK, LONG_TEXT, Assessment, AwardLevel, Outcome, Status
from schools.models import School


@dataclasses.dataclass(frozen=True)
class Award:
    """One award a school holds or held."""

    level: str
    confirmed_on: datetime.date
    valid_until: datetime.date | None
    assessment: Assessment

    @property
    def label(self) -> str:
        return AwardLevel(self.level).label

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_until is None or day < self.valid_until


def _award_from(assessment: Assessment) -> Award | None:
    if assessment.award_date is None:
        return None
    return Award(
        level=assessment.award_level,
        confirmed_on=assessment.award_date,
        valid_until=assessment.valid_until,
        assessment=assessment,
    )


def awards_for_school(school) -> list[Award]:
    """Every award the school was issued, newest first, leaving out corrected revisions."""
    assessments = (
        Assessment.objects.filter(school=school, status=Status.CONFIRMED, outcome=Outcome.YES)
        .exclude(revisions__status=Status.CONFIRMED)
        .defer(*LONG_TEXT)
    )
    awards = [award for award in map(_award_from, assessments) if award is not None]
    awards.sort(key=lambda award: (award.confirmed_on, award.assessment.pk), reverse=True)
    return awards


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
    valid = [award for award in history if award.is_valid_on(today)]
    if not valid:
        return None
    return max(valid, key=lambda award: (AWARD_RANK[award.level], award.confirmed_on))
