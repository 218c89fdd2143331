"""Only awards of the level a kind of visit needs count towards its years: three years of the
ordinary Inclusive School Award are not three years as a Centre of Excellence."""

import datetime

import pytest

from assessments import award_rules, awards, services
from assessments.kinds import VisitKind
from tests.awards import VISIT, award, schedule


@pytest.mark.django_db
def test_it_refuses_a_flagship_assessment_for_a_school_with_only_ordinary_awards(school, lead, director):
    award(school, VisitKind.ASSESSMENT, datetime.date(2020, 9, 1), 3)
    award(school, VisitKind.REASSESSMENT, datetime.date(2023, 9, 1), 3)
    assert awards.current_award(school, today=VISIT).level == "inclusive_school"
    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    assert "A Flagship assessment needs the school to hold the Centre of Excellence award" in str(
        refused.value
    )


@pytest.mark.django_db
def test_it_counts_no_ordinary_award_towards_the_years_as_a_centre_of_excellence(school, lead, director):
    # The Inclusive School Award runs without a break into the Centre of Excellence years.
    award(school, VisitKind.ASSESSMENT, datetime.date(2021, 9, 1), 3)
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2024, 9, 1), 1)
    award(school, VisitKind.COE_REVIEW, datetime.date(2025, 9, 1), 1)
    history = awards.awards_for_school(school)
    assert award_rules.held_since(history, rank=2, on=VISIT) == (
        datetime.date(2024, 9, 1),
        datetime.date(2026, 9, 1),
    )
    with pytest.raises(services.AwardRuleError, match="at least 3 years as a Centre of Excellence"):
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)


@pytest.mark.django_db
def test_ordinary_awards_count_for_a_kind_that_needs_only_the_inclusive_school_award(school):
    award(school, VisitKind.ASSESSMENT, datetime.date(2020, 9, 1), 3)
    award(school, VisitKind.REASSESSMENT, datetime.date(2023, 9, 1), 3)
    history = awards.awards_for_school(school)
    assert award_rules.held_since(history, rank=1, on=VISIT) == (
        datetime.date(2020, 9, 1),
        datetime.date(2026, 9, 1),
    )
