"""The school's page offers "compare the confirmed visits" only when there are two confirmed
visits to compare; a corrected visit and its correction count once."""

import pytest
from django.urls import reverse

from assessments.services import assessment_confirm, assessment_reopen, assessment_submit
from tests.desk.test_compare_page import _crosswalk_and_quick_letters, eight, visit  # noqa: F401
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

LINK = "Compare the confirmed visits element by element"


def school_page(client, director, school) -> str:
    client.force_login(director)
    return client.get(reverse("school_detail", args=[school.pk])).content.decode()


def test_a_school_with_no_confirmed_visit_is_offered_no_comparison(client, school, director):
    AssessmentFactory(school=school)  # a draft
    page = school_page(client, director, school)
    assert LINK not in page
    assert reverse("school_compare", args=[school.pk]) not in page


def test_one_confirmed_visit_is_not_enough(client, school, director):
    visit(school, director, eight(), 2025)
    assert LINK not in school_page(client, director, school)


def test_two_confirmed_visits_are_compared(client, school, director):
    visit(school, director, eight(), 2024)
    visit(school, director, eight(), 2025)
    page = school_page(client, director, school)
    assert LINK in page
    assert reverse("school_compare", args=[school.pk]) in page


def test_a_corrected_visit_and_its_correction_count_once(client, school, director):
    original = visit(school, director, eight(), 2025)
    correction = assessment_reopen(assessment=original, by=director, reason="A name was misspelt.")
    lead = correction.lead_assessor
    assessment_confirm(
        assessment=assessment_submit(assessment=correction, by=lead), by=director, notify=False
    )
    assert LINK not in school_page(client, director, school)
