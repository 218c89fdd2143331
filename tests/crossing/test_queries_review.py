"""The director's lists — each list behind the home page, the schools list with a search, a
school's page and an assessment's history — run the same queries for few rows and for many."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.dates import add_months, add_years
from assessments.models import Statement
from reports import letter
from tests.factories import AssessmentFactory, SchoolFactory, fill_complete
from tests.letter_pdf import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rendering(monkeypatch):
    """Confirming issues a PDF; these tests count queries, not pages of PDF."""
    monkeypatch.setattr(letter, "render_pdf", lambda assessment, draft, **kwargs: tiny_pdf())


def add_rows(director) -> None:
    """One more row in each of the director's four lists, at a school with one more headteacher."""
    today = timezone.localdate()
    waiting = fill_complete(AssessmentFactory(school=SchoolFactory(name="Searchable Primary")))
    services.assessment_submit(assessment=waiting, by=waiting.lead_assessor)
    day = today + datetime.timedelta(days=5)
    AssessmentFactory(visit_start=day, visit_end=day)
    day = today - datetime.timedelta(days=5)
    AssessmentFactory(visit_start=day, visit_end=day)
    award = fill_complete(AssessmentFactory(school=SchoolFactory(name="Searchable Academy")))
    award.letter_date = add_years(add_months(today, 1), -3)
    award.reassessment_years = 3
    award.save()
    services.assessment_submit(assessment=award, by=award.lead_assessor)
    services.assessment_confirm(assessment=award, by=director)


def counted(client, url, django_assert_max_num_queries, limit=30) -> int:
    client.get(url)  # the first request of a session does one-off sign-in checks
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("section", ["waiting", "coming", "drafts", "expiring"])
def test_each_whole_list_runs_the_same_queries_for_two_rows_or_twelve(
    client, director, section, django_assert_max_num_queries
):
    client.force_login(director)
    url = reverse("review_list", args=[section])
    for _ in range(2):
        add_rows(director)
    few = counted(client, url, django_assert_max_num_queries)
    for _ in range(10):
        add_rows(director)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert int(re.search(r"(\d+) in all\.", page).group(1)) >= 12


def test_a_school_search_runs_the_same_queries_for_two_matches_or_thirty(
    client, director, django_assert_max_num_queries
):
    client.force_login(director)
    url = reverse("school_list") + "?q=searchable"
    for _ in range(2):
        SchoolFactory(name="Searchable Primary")
    few = counted(client, url, django_assert_max_num_queries)
    for _ in range(28):
        SchoolFactory(name="Searchable Primary")
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert "30 schools match" in page


def test_a_schools_page_runs_the_same_queries_for_two_assessments_or_twelve(
    client, director, school, django_assert_max_num_queries
):
    client.force_login(director)
    url = reverse("school_detail", args=[school.pk])
    for _ in range(2):
        AssessmentFactory(school=school)
    few = counted(client, url, django_assert_max_num_queries)
    for _ in range(10):
        AssessmentFactory(school=school)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert page.count('href="/review/') + page.count('href="/assessments/') >= 12


def test_an_assessments_history_runs_the_same_queries_for_few_changes_or_many(
    client, director, draft, django_assert_max_num_queries
):
    client.force_login(director)
    url = reverse("review_history", args=[draft.pk])

    def edit(n):
        draft.summary = f"Summary {n}."
        draft.save()
        Statement.objects.create(assessment=draft, kind="key_success", position=n, text=f"Item {n}.")

    edit(1)
    few = counted(client, url, django_assert_max_num_queries)
    for n in range(2, 30):
        edit(n)
    with django_assert_max_num_queries(few):
        page = client.get(url).content.decode()
    assert page.count("Item ") >= 20
