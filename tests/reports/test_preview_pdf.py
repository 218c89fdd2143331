"""/reports/assessments/<id>/letter.pdf: the letter as a PDF, marked DRAFT on every page, for
the assessment's assigned assessors and for directors; 404 for anyone else. A confirmed
assessment's letter is the stored file of its issued report, never rendered again."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from assessments import services
from reports import letter
from reports.models import IssuedReport
from tests.factories import AssessorFactory, HeadteacherFactory
from tests.letter_pdf import page_texts

pytestmark = pytest.mark.django_db


def url(assessment) -> str:
    return reverse("letter_preview_pdf", args=[assessment.pk])


@pytest.mark.parametrize("who", ["lead", "co_assessor", "director"])
def test_the_team_gets_the_draft_letter_marked_draft_on_every_page(client, complete_draft, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(complete_draft))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="IQM-report-')
    assert response["Content-Disposition"].endswith('-2026-11-DRAFT.pdf"')
    assert "no-store" in response["Cache-Control"]
    pages = page_texts(response.content)
    assert pages
    assert all("DRAFT" in text for text in pages)
    assert "Narrative for" in "".join(pages)


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "other_headteacher"])
def test_anyone_else_gets_404(client, complete_draft, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(complete_draft)).status_code == 404


def test_the_schools_headteacher_gets_404_even_for_a_submitted_draft(client, complete_draft):
    complete_draft.status = "submitted"
    complete_draft.save()
    client.force_login(HeadteacherFactory(school=complete_draft.school))
    assert client.get(url(complete_draft)).status_code == 404


def test_an_unknown_assessment_is_404(client, director):
    client.force_login(director)
    assert client.get("/reports/assessments/999999/letter.pdf").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, complete_draft):
    response = client.get(url(complete_draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_it_only_answers_get_and_head(client, complete_draft, lead):
    client.force_login(lead)
    assert client.post(url(complete_draft)).status_code == 405


def test_an_assessor_not_assigned_gets_404_even_when_assigned_elsewhere(client, complete_draft):
    assessor = AssessorFactory()
    from tests.factories import AssessmentFactory

    AssessmentFactory(lead_assessor=assessor)
    client.force_login(assessor)
    assert client.get(url(complete_draft)).status_code == 404


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an issued letter must not be rendered again")

    monkeypatch.setattr(letter, "render_pdf", refuse)
    monkeypatch.setattr(letter, "html_to_pdf", refuse)


@pytest.mark.parametrize("who", ["lead", "co_assessor", "director"])
def test_a_confirmed_letter_is_the_issued_file_byte_for_byte(client, confirmed, who, request, no_rendering):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(confirmed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{report.filename}"'
    assert "no-store" in response["Cache-Control"]
    preview = body(response)
    assert preview == default_storage.open(report.file.name, "rb").read()
    download = client.get(reverse("issued_report_download", args=[report.pk]))
    assert preview == body(download)


def test_the_demo_letter_is_the_issued_reference_file(client, demo, director, no_rendering):
    report = IssuedReport.objects.get(assessment=demo)
    client.force_login(director)
    assert body(client.get(url(demo))) == default_storage.open(report.file.name, "rb").read()


def test_an_issued_file_that_has_changed_is_not_served_nor_rendered_again(
    client, confirmed, director, no_rendering
):
    report = IssuedReport.objects.get(assessment=confirmed)
    with default_storage.open(report.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 tampered")
    client.force_login(director)
    response = client.get(url(confirmed))
    assert response.status_code == 503
    assert "could not be checked" in response.content.decode()


def test_a_reopened_revision_is_rendered_as_a_draft_again(client, confirmed, director):
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A slip.")
    client.force_login(director)
    response = client.get(url(revision))
    assert response["Content-Disposition"].endswith('-DRAFT.pdf"')
    assert all("DRAFT" in text for text in page_texts(response.content))
