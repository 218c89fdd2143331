"""The headteacher's portal: their school's award status and issued reports with download
links — and nothing else: no drafts, no other school."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.dates import add_years
from assessments.models import Assessment
from reports.models import IssuedReport
from tests.factories import AssessmentFactory, fill_complete


def portal(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def issue(school, lead, director, *, letter_date, years=3):
    assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    assessment.letter_date = letter_date
    assessment.reassessment_years = years
    assessment.save()
    services.assessment_submit(assessment=assessment, by=lead)
    return services.assessment_confirm(assessment=assessment, by=director)


@pytest.mark.django_db
def test_it_shows_the_award_in_force(client, headteacher, school, lead, director):
    today = timezone.localdate()
    issue(school, lead, director, letter_date=today - datetime.timedelta(days=100))
    page = portal(client, headteacher)
    assert "Inclusive School Award" in page
    assert "Awarded on" in page and "Valid until" in page and "Reassessment due" in page
    assert "soon" not in page


@pytest.mark.django_db
def test_it_says_when_reassessment_is_due_soon(client, headteacher, school, lead, director):
    today = timezone.localdate()
    issue(school, lead, director, letter_date=add_years(today, -3) + datetime.timedelta(days=30))
    assert "soon" in portal(client, headteacher)


@pytest.mark.django_db
def test_it_says_when_the_award_expired(client, headteacher, school, lead, director):
    issue(school, lead, director, letter_date=datetime.date(2010, 8, 3))
    page = portal(client, headteacher)
    assert "expired on 3 August 2013" in page
    assert "Reassessment is due." in page


@pytest.mark.django_db
def test_it_says_so_when_there_is_no_award_or_report(client, headteacher, draft):
    page = portal(client, headteacher)
    assert "Your school holds no IQM award yet." in page
    assert "No report has been issued to your school yet." in page


@pytest.mark.django_db
def test_it_lists_issued_reports_with_download_links_and_nothing_else(
    client, headteacher, other_school, confirmed, draft, lead, director
):
    other = issue(other_school, lead, director, letter_date=datetime.date(2026, 1, 5))
    unsubmitted = AssessmentFactory(school=confirmed.school, lead_assessor=lead)
    page = portal(client, headteacher)
    report = IssuedReport.objects.get(assessment=confirmed)
    assert reverse("issued_report_download", args=[report.pk]) in page
    assert report.filename in page
    other_report = IssuedReport.objects.get(assessment=other)
    assert reverse("issued_report_download", args=[other_report.pk]) not in page
    assert other_school.letter_name not in page
    # No link to any assessment page, draft or not; one report, so one download link.
    assert "/review/" not in page and "/assessments/" not in page
    assert {draft.status, unsubmitted.status} == {"draft"}
    # The letter, its PDF, and the letter's sharing part (publishing, the badge).
    assert re.findall(r"/reports/issued/\d+/(\w+)/", page) == ["letter", "download", "letter"]


@pytest.mark.django_db
def test_a_corrected_report_and_its_correction_are_both_listed(
    client, headteacher, confirmed, lead, director
):
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A slip.")
    page = portal(client, headteacher)
    assert page.count("/download/") == 1  # the correction is a draft: not shown
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    page = portal(client, headteacher)
    assert page.count("/download/") == 2
    assert "replaced by a corrected revision" in page
    assert "revision 2" in page


@pytest.mark.django_db
def test_a_draft_and_its_preview_are_404_for_the_headteacher(client, headteacher, draft, submitted):
    client.force_login(headteacher)
    for assessment in (draft, submitted):
        assert client.get(reverse("letter_preview_pdf", args=[assessment.pk])).status_code == 404
        assert client.get(reverse("review_assessment", args=[assessment.pk])).status_code == 404
        assert client.get(reverse("review_history", args=[assessment.pk])).status_code == 404


@pytest.mark.django_db
def test_another_schools_report_is_404(client, other_headteacher, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(other_headteacher)
    assert client.get(reverse("issued_report_download", args=[report.pk])).status_code == 404
    assert client.get(reverse("school_detail", args=[confirmed.school_id])).status_code == 404
    assert client.get(reverse("school_list")).status_code == 404


@pytest.mark.django_db
def test_it_runs_a_fixed_number_of_queries(
    client, headteacher, school, lead, director, django_assert_max_num_queries
):
    client.force_login(headteacher)
    issue(school, lead, director, letter_date=datetime.date(2020, 1, 6))
    client.get(reverse("home"))  # the first request of a session does one-off sign-in checks
    AssessmentFactory(school=school, lead_assessor=lead)  # a coming visit, for its self-evaluation
    # Seven: one reads the drafts sent to the school for a factual check, one the coming visits
    # with their self-evaluations.
    with django_assert_max_num_queries(7) as few:
        assert client.get(reverse("home")).content.decode().count("/school/self-evaluations/") == 1
    for year in (2021, 2022, 2023, 2024):
        issue(school, lead, director, letter_date=datetime.date(year, 1, 6))
    for _ in range(3):
        AssessmentFactory(school=school, lead_assessor=lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert page.count("/download/") == 5
    assert page.count('/letter/"') == 5
    assert page.count("/letter/#sharing") == 5
    assert page.count("/school/self-evaluations/") == 4


@pytest.mark.django_db
def test_the_demo_headteacher_can_download_the_reference_letter_straight_away(client, demo):
    from accounts.models import User

    page = portal(client, User.objects.get(username="headteacher"))
    report = IssuedReport.objects.get(assessment=demo)
    assert reverse("issued_report_download", args=[report.pk]) in page
    assert "IQM-report-The-Heath-School-2010-07.pdf" in page
    assert Assessment.objects.filter(school=demo.school, status="draft").exists()
    # The 2010 letter and the Centre of Excellence review of 2025.
    assert "IQM-report-The-Heath-School-2025-12.pdf" in page
    assert page.count("/download/") == 2
    assert page.count('/letter/">') == 2
