"""The school's comparison page: one row per element of the newest framework the school was
assessed against, one column per confirmed visit (oldest first), visits against the 2010
framework read through the crosswalk; for directors only, in a fixed number of queries."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from assessments.compare import school_comparison
from assessments.models import Framework
from assessments.services import assessment_confirm, assessment_submit
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crosswalk_and_quick_letters(monkeypatch):
    """The crosswalk migration 0008 seeds; confirming issues a letter, whose PDF is a constant
    here (rendering is tested in the letter tests)."""
    from reports import letter

    importlib.import_module("assessments.migrations.0008_crosswalk").seed_crosswalk(apps, None)
    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())


def eight() -> Framework:
    return Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements")


def ten() -> Framework:
    return Framework.objects.get(name="Inclusion Quality Mark", version="2010")


def visit(school, director, framework, year, **narratives):
    """A confirmed visit in the given year; `narratives` by element number ("e6": "…")."""
    assessment = AssessmentFactory(
        school=school,
        framework=framework,
        visit_start=datetime.date(year, 6, 1),
        visit_end=datetime.date(year, 6, 2),
    )
    fill_complete(assessment)
    for key, text in narratives.items():
        finding = assessment.findings.get(element__number=int(key[1:]))
        finding.narrative = text
        finding.save()
    lead = assessment.lead_assessor
    return assessment_confirm(
        assessment=assessment_submit(assessment=assessment, by=lead), by=director, notify=False
    )


def test_it_compares_both_frameworks_element_by_element_through_the_crosswalk(school, director):
    old = visit(school, director, ten(), 2010, e6="Teaching is <strong>.\nSecond line.", e3="Leaders lead.")
    new = visit(school, director, eight(), 2026, e4="Lessons are adapted.")
    comparison = school_comparison(school)
    assert comparison.framework == eight()
    assert comparison.visits == [old, new]
    assert [row.element.number for row in comparison.rows] == list(range(1, 9))
    teaching = comparison.rows[3]  # Teaching and Learning – Learning Environment, …
    old_cell, new_cell = teaching.cells
    assert old_cell.through_crosswalk and not new_cell.through_crosswalk
    # The 2010 elements 1 (Learner Progress), 5, 6 and 7 became element 4.
    assert [part.element.number for part in old_cell.parts] == [1, 5, 6, 7]
    six = old_cell.parts[2]
    assert (six.strengths, six.areas, six.first_line) == (1, 1, "Teaching is <strong>.")
    assert [part.element.number for part in new_cell.parts] == [4]
    assert new_cell.parts[0].first_line == "Lessons are adapted."


def test_the_page_shows_the_table_escaped_with_links_to_each_visit(client, school, director):
    old = visit(school, director, ten(), 2010, e6="Teaching is <strong>.\nSecond line.")
    new = visit(school, director, eight(), 2026)
    client.force_login(director)
    page = client.get(reverse("school_compare", args=[school.pk])).content.decode()
    assert "<caption>Findings of " in page
    assert '<th scope="col">Element</th>' in page
    assert '<th scope="row">Element 4 - Teaching and Learning – Learning Environment' in page
    assert "From Element 6 - Teaching &amp; Learning" in page
    assert "Teaching is &lt;strong&gt;." in page
    assert "Second line." not in page  # the first line only
    assert "<strong>." not in page
    assert "1 strength, 1 area for development" in page
    assert page.count(reverse("review_assessment", args=[old.pk])) > 1
    assert reverse("review_assessment", args=[new.pk]) in page
    assert page.index("Inclusion Quality Mark (2010)</span>") < page.index(
        "IQM Evaluative Framework (Eight elements)</span>"
    )  # oldest first


def test_a_revision_replaces_the_visit_it_corrects_and_drafts_are_left_out(school, director):
    from assessments.services import assessment_reopen

    first = visit(school, director, eight(), 2025)
    AssessmentFactory(school=school, framework=eight())  # a draft
    revision = assessment_reopen(assessment=first, by=director, reason="A typing error.")
    revision = assessment_confirm(
        assessment=assessment_submit(assessment=revision, by=revision.lead_assessor),
        by=director,
        notify=False,
    )
    assert school_comparison(school).visits == [revision]


def test_a_school_with_no_confirmed_visit_has_nothing_to_compare(client, school, director):
    client.force_login(director)
    page = client.get(reverse("school_compare", args=[school.pk])).content.decode()
    assert "has no confirmed visit yet: there is nothing to compare" in page
    assert "<table" not in page


def test_an_element_nothing_maps_to_says_so(school, director):
    from assessments.models import ElementMapping

    visit(school, director, ten(), 2010)
    visit(school, director, eight(), 2026)
    ElementMapping.objects.filter(to_element__framework=eight(), to_element__number=5).delete()
    row = school_comparison(school).rows[4]
    assert row.cells[0].parts == []


def test_the_school_page_links_to_it(client, school, director):
    # Once there are two confirmed visits to compare (tests/desk/test_compare_offer.py).
    visit(school, director, ten(), 2010)
    visit(school, director, eight(), 2026)
    client.force_login(director)
    page = client.get(reverse("school_detail", args=[school.pk])).content.decode()
    assert reverse("school_compare", args=[school.pk]) in page


@pytest.mark.parametrize("role", ["lead", "headteacher", "admin_user"])
def test_it_is_for_directors_only(request, client, school, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("school_compare", args=[school.pk])).status_code == 404


def test_an_unknown_school_is_404(client, director):
    client.force_login(director)
    assert client.get(reverse("school_compare", args=[999999])).status_code == 404


def test_it_reads_in_a_fixed_number_of_queries(school, director, django_assert_max_num_queries):
    visit(school, director, ten(), 2010)
    visit(school, director, eight(), 2026)
    with django_assert_max_num_queries(4) as few:
        school_comparison(school)
    for year in (2013, 2016):
        visit(school, director, ten(), year)
    for year in (2019, 2022):
        visit(school, director, eight(), year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        comparison = school_comparison(school)
    assert len(comparison.visits) == 6
    assert sum(len(cell.parts) for row in comparison.rows for cell in row.cells) > 8 * 6


def test_the_page_reads_in_a_fixed_number_of_queries(client, school, director, django_assert_max_num_queries):
    client.force_login(director)
    visit(school, director, ten(), 2010)
    visit(school, director, eight(), 2026)
    url = reverse("school_compare", args=[school.pk])
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    for year in (2013, 2019, 2022):
        visit(school, director, eight(), year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
