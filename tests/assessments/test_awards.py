"""A school's award follows from its confirmed, successful assessments."""

import datetime

import pytest

from assessments import awards
from assessments.kinds import AwardLevel
from assessments.models import Assessment, Kind
from tests.factories import AssessmentFactory, DirectorFactory


def confirmed(school, *, kind=Kind.ASSESSMENT, letter_date, years, outcome="yes"):
    director = DirectorFactory()
    assessment = AssessmentFactory(school=school, kind=kind, letter_date=letter_date)
    Assessment.objects.filter(pk=assessment.pk).update(
        status="confirmed",
        outcome=outcome,
        reassessment_years=years,
        confirmed_by=director,
        confirmed_at=datetime.datetime(
            letter_date.year, letter_date.month, letter_date.day, tzinfo=datetime.UTC
        ),
    )
    return Assessment.objects.get(pk=assessment.pk)


@pytest.mark.django_db
def test_it_has_no_award_without_confirmed_assessments(school):
    AssessmentFactory(school=school, outcome="yes", reassessment_years=3)  # a draft does not count
    assert awards.current_award(school, today=datetime.date(2026, 1, 1)) is None
    assert awards.latest_award(school) is None


@pytest.mark.django_db
def test_it_derives_the_award_and_its_expiry(school):
    confirmed(school, letter_date=datetime.date(2024, 3, 5), years=3)
    award = awards.current_award(school, today=datetime.date(2026, 1, 1))
    assert award.level == AwardLevel.INCLUSIVE_SCHOOL
    assert award.label == "Inclusive School Award"
    assert award.confirmed_on == datetime.date(2024, 3, 5)
    assert award.valid_until == datetime.date(2027, 3, 5)


@pytest.mark.django_db
def test_an_expired_award_is_not_current_but_stays_in_the_history(school):
    confirmed(school, letter_date=datetime.date(2010, 8, 3), years=3)
    assert awards.current_award(school, today=datetime.date(2013, 8, 2)) is not None
    assert awards.current_award(school, today=datetime.date(2013, 8, 3)) is None
    assert awards.latest_award(school).valid_until == datetime.date(2013, 8, 3)


@pytest.mark.django_db
def test_a_centre_of_excellence_review_on_top_of_an_award_raises_the_level(school):
    confirmed(school, letter_date=datetime.date(2024, 1, 10), years=3)
    confirmed(school, kind=Kind.COE_REVIEW, letter_date=datetime.date(2025, 2, 1), years=1)
    award = awards.current_award(school, today=datetime.date(2025, 6, 1))
    assert award.level == AwardLevel.CENTRE_OF_EXCELLENCE
    # Once the yearly review lapses, the underlying award is still in force.
    award = awards.current_award(school, today=datetime.date(2026, 3, 1))
    assert award.level == AwardLevel.INCLUSIVE_SCHOOL
    assert award.valid_until == datetime.date(2027, 1, 10)


@pytest.mark.django_db
def test_an_unsuccessful_assessment_gives_no_award(school):
    confirmed(school, letter_date=datetime.date(2025, 1, 1), years=3, outcome="no")
    assert awards.current_award(school, today=datetime.date(2025, 6, 1)) is None


@pytest.mark.django_db
def test_a_29th_february_award_runs_to_28th_february(school):
    confirmed(school, letter_date=datetime.date(2024, 2, 29), years=3)
    assert awards.latest_award(school).valid_until == datetime.date(2027, 2, 28)
