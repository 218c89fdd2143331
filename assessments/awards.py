"""A school's award, derived from its confirmed, successful assessments.

Nothing here is stored: the award follows from the assessments, so it can never disagree
with them. An award runs from its award date (the letter date) for the assessment's
reassessment interval. A later revision of an assessment replaces the one it corrects.
"""

import dataclasses
import datetime

from django.utils import timezone

from assessments.models import AWARD_RANK, Assessment, AwardLevel, Outcome, Status


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

    def expires_within(self, days: int, today: datetime.date) -> bool:
        return self.valid_until is not None and today <= self.valid_until <= today + datetime.timedelta(
            days=days
        )


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
        .select_related("school")
    )
    awards = [award for award in map(_award_from, assessments) if award is not None]
    awards.sort(key=lambda award: (award.confirmed_on, award.assessment.pk), reverse=True)
    return awards


def current_award(school, *, today: datetime.date | None = None) -> Award | None:
    """The award in force on `today`: of the awards still valid, the highest level, then the
    newest. None when the school holds no award that is still valid."""
    today = today or timezone.localdate()
    valid = [award for award in awards_for_school(school) if award.is_valid_on(today)]
    if not valid:
        return None
    return max(valid, key=lambda award: (AWARD_RANK[award.level], award.confirmed_on))
