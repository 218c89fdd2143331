"""A confirmed assessment records the day its award runs out (Assessment.expires_on), the same
day Assessment.valid_until computes, on every path that confirms one, so the director's
"awards expiring" list can sort, count and page in the database."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments import services
from assessments.models import Assessment
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db


def confirm(lead, director, **fields):
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead))
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    assessment.refresh_from_db()
    services.assessment_submit(assessment=assessment, by=lead)
    return services.assessment_confirm(assessment=assessment, by=director)


def test_confirming_records_the_letter_date_plus_the_interval(lead, director):
    assessment = confirm(lead, director, letter_date=datetime.date(2024, 3, 5), reassessment_years=3)
    assessment.refresh_from_db()
    assert assessment.expires_on == datetime.date(2027, 3, 5) == assessment.valid_until


def test_the_29th_of_february_runs_out_on_the_28th(lead, director):
    assessment = confirm(lead, director, letter_date=datetime.date(2024, 2, 29), reassessment_years=1)
    assessment.refresh_from_db()
    assert assessment.expires_on == datetime.date(2025, 2, 28)


def test_without_a_letter_date_it_counts_from_the_confirmation(lead, director):
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead))
    services.assessment_submit(assessment=assessment, by=lead)
    Assessment.objects.filter(pk=assessment.pk).update(letter_date=None, reassessment_years=2)
    at = datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)
    services.assessment_confirm(assessment=Assessment.objects.get(pk=assessment.pk), by=director, at=at)
    assessment.refresh_from_db()
    assert assessment.expires_on == datetime.date(2027, 6, 30) == assessment.valid_until


def test_drafts_and_submitted_assessments_have_none(submitted, draft):
    assert Assessment.objects.get(pk=submitted.pk).expires_on is None
    assert Assessment.objects.get(pk=draft.pk).expires_on is None


def test_the_demo_award_runs_out_three_years_after_its_letter(demo):
    assert demo.expires_on == demo.valid_until == datetime.date(2013, 8, 3)


def test_a_reopened_revision_starts_without_one_and_gets_its_own(confirmed, director, lead):
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A slip.")
    assert Assessment.objects.get(pk=revision.pk).expires_on is None
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    revision.refresh_from_db()
    assert revision.expires_on == revision.valid_until is not None


def test_the_migration_records_it_for_assessments_confirmed_before_it(confirmed, submitted):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_assessment SET expires_on = NULL")
    migration = importlib.import_module("assessments.migrations.0004_award_expiry")
    state = MigrationExecutor(connection).loader.project_state(("assessments", "0004_award_expiry"))
    migration.record_expiry(state.apps, None)
    confirmed.refresh_from_db()
    assert confirmed.expires_on == confirmed.valid_until is not None
    assert Assessment.objects.filter(expires_on__isnull=False).count() == 1


def test_the_expiring_list_is_the_schools_whose_newest_award_runs_out_soon(director, lead):
    from desk.selectors import awards_expiring

    today = timezone.localdate()
    soon = confirm(
        lead, director, letter_date=today.replace(year=today.year - 3) + datetime.timedelta(days=20)
    )
    confirm(lead, director, letter_date=today - datetime.timedelta(days=20))  # three years to go
    assert [(school.pk, school.newest_award) for school in awards_expiring(today)] == [(soon.school_id, soon)]


# The school's newest award, kept on the school by the confirmation service ------------------


def award_for(school, lead, director, **fields):
    assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    assessment.refresh_from_db()
    services.assessment_submit(assessment=assessment, by=lead)
    return services.assessment_confirm(assessment=assessment, by=director)


def newest(school):
    school.refresh_from_db()
    return school.newest_award, school.award_expires_on


def test_a_school_without_a_confirmed_award_has_none(school, submitted):
    assert newest(school) == (None, None)


def test_a_later_award_replaces_an_earlier_one_and_an_older_letter_does_not(school, lead, director):
    first = award_for(school, lead, director, letter_date=datetime.date(2020, 5, 1))
    assert newest(school) == (first, datetime.date(2023, 5, 1))
    second = award_for(school, lead, director, letter_date=datetime.date(2023, 4, 1))
    assert newest(school) == (second, datetime.date(2026, 4, 1))
    award_for(school, lead, director, letter_date=datetime.date(2019, 1, 1))  # imported history, say
    assert newest(school) == (second, datetime.date(2026, 4, 1))


def test_an_unsuccessful_assessment_leaves_the_award_as_it_was(school, lead, director):
    first = award_for(school, lead, director, letter_date=datetime.date(2020, 5, 1))
    award_for(
        school, lead, director, letter_date=datetime.date(2023, 5, 1), outcome="no", reassessment_years=None
    )
    assert newest(school) == (first, datetime.date(2023, 5, 1))


def test_a_confirmed_correction_replaces_the_award_it_corrects(school, lead, director):
    original = award_for(school, lead, director, letter_date=datetime.date(2024, 5, 1))
    revision = services.assessment_reopen(assessment=original, by=director, reason="Wrong interval.")
    Assessment.objects.filter(pk=revision.pk).update(reassessment_years=2)
    assert newest(school) == (original, datetime.date(2027, 5, 1))  # a draft correction changes nothing
    services.assessment_submit(assessment=Assessment.objects.get(pk=revision.pk), by=lead)
    services.assessment_confirm(assessment=Assessment.objects.get(pk=revision.pk), by=director)
    assert newest(school) == (Assessment.objects.get(pk=revision.pk), datetime.date(2026, 5, 1))


def test_refreshing_every_school_agrees_with_the_confirmation_service(lead, director):
    from assessments.awards import awards_for_school, refresh_newest_awards
    from schools.models import School
    from tests.factories import SchoolFactory

    schools = [SchoolFactory() for _ in range(3)]
    award_for(schools[0], lead, director, letter_date=datetime.date(2021, 1, 4))
    award_for(schools[0], lead, director, letter_date=datetime.date(2024, 9, 9))
    award_for(schools[1], lead, director, letter_date=datetime.date(2022, 3, 3))
    kept = {school.pk: newest(school) for school in schools}
    School.objects.update(newest_award=None, award_expires_on=None)
    assert refresh_newest_awards() == 2
    assert {school.pk: newest(school) for school in schools} == kept
    for school in schools:
        history = awards_for_school(school)
        school.refresh_from_db()
        assert (school.newest_award_id, school.award_expires_on) == (
            (history[0].assessment_id, history[0].valid_until) if history else (None, None)
        )


def test_the_migration_records_each_schools_newest_award(school, lead, director):
    from schools.models import School

    award_for(school, lead, director, letter_date=datetime.date(2020, 5, 1))
    second = award_for(school, lead, director, letter_date=datetime.date(2023, 4, 1))
    School.objects.update(newest_award=None, award_expires_on=None)
    migration = importlib.import_module("schools.migrations.0002_newest_award")
    state = MigrationExecutor(connection).loader.project_state(("schools", "0002_newest_award"))
    migration.record_newest_awards(state.apps, None)
    assert newest(school) == (second, datetime.date(2026, 4, 1))
