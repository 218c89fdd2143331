"""Confirming records the director and the time, freezes the content, renders the PDF once and
stores it with its SHA-256 and revision, and makes it visible to the school's headteacher."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from assessments.models import Assessment, Event, Status
from reports import letter
from reports.models import IssuedReport


@pytest.mark.django_db
def test_it_records_who_and_when_and_issues_the_report(submitted, director, settings):
    assessment = services.assessment_confirm(assessment=submitted, by=director)
    assert assessment.status == Status.CONFIRMED
    assert assessment.confirmed_by == director
    assert assessment.confirmed_at is not None
    report = IssuedReport.objects.get(assessment=assessment)
    assert report.revision == 1
    assert report.created_by == director
    assert report.filename == letter.filename(assessment)
    stored = default_storage.open(report.file.name, "rb").read()
    assert stored.startswith(b"%PDF")
    assert report.size == len(stored)
    assert report.sha256 == hashlib.sha256(stored).hexdigest()
    assert f"assessment-{assessment.pk}/revision-1/" in report.file.name
    assert (settings.MEDIA_ROOT / report.file.name).read_bytes() == stored  # through the storage API
    PdfReader(default_storage.open(report.file.name, "rb"))  # a PDF that opens
    event = Event.objects.get(assessment=assessment, action=Event.Action.CONFIRMED)
    assert (event.from_status, event.to_status, event.by) == ("submitted", "confirmed", director)


@pytest.mark.django_db
def test_it_renders_the_letter_once_and_not_as_a_draft(submitted, director, monkeypatch):
    calls = []
    real = letter.render_pdf

    def counting(assessment, *, draft, **kwargs):
        calls.append((assessment.pk, draft, assessment.status, assessment.confirmed_by_id))
        return real(assessment, draft=draft, **kwargs)

    monkeypatch.setattr(letter, "render_pdf", counting)
    services.assessment_confirm(assessment=submitted, by=director)
    # Rendered after the confirmation is recorded, so the letter can print who confirmed it.
    assert calls == [(submitted.pk, False, "confirmed", director.pk)]


@pytest.mark.django_db
def test_the_headteacher_sees_it_only_once_confirmed(submitted, director, headteacher):
    assert not Assessment.objects.visible_to(headteacher).filter(pk=submitted.pk).exists()
    services.assessment_confirm(assessment=submitted, by=director)
    assert Assessment.objects.visible_to(headteacher).filter(pk=submitted.pk).exists()


@pytest.mark.django_db
def test_a_second_confirmation_is_refused_with_a_clear_message(confirmed, director):
    with pytest.raises(services.WorkflowError, match="Only a submitted assessment can be confirmed"):
        services.assessment_confirm(assessment=confirmed, by=director)
    assert IssuedReport.objects.filter(assessment=confirmed).count() == 1


@pytest.mark.django_db
def test_if_rendering_fails_nothing_is_confirmed_or_stored(submitted, director, monkeypatch, settings):
    def broken(assessment, *, draft, **kwargs):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(letter, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.assessment_confirm(assessment=submitted, by=director)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not IssuedReport.objects.exists()
    assert not (settings.MEDIA_ROOT / "issued-reports").exists()


@pytest.mark.django_db
def test_it_refuses_a_version_the_director_did_not_read(submitted, director):
    with pytest.raises(services.WorkflowError, match="changed since you opened it"):
        services.assessment_confirm(assessment=submitted, by=director, seen_version=submitted.version - 1)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.django_db
def test_the_confirm_button_issues_the_report(client, submitted, director):
    client.force_login(director)
    response = client.post(reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version})
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Confirmed. The report is issued" in page.content.decode()
    report = IssuedReport.objects.get(assessment=submitted)
    assert reverse("issued_report_download", args=[report.pk]) in page.content.decode()


@pytest.mark.django_db
def test_the_confirm_button_on_a_changed_assessment_says_so(client, submitted, director):
    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version + 5}, follow=True
    )
    assert "changed since you opened it" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.django_db
def test_confirming_twice_through_the_page_says_it_is_already_confirmed(client, confirmed, director):
    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[confirmed.pk]), {"version": confirmed.version}, follow=True
    )
    assert "Only a submitted assessment can be confirmed; this one is confirmed." in response.content.decode()
    assert IssuedReport.objects.count() == 1


@pytest.mark.django_db
def test_the_page_says_when_no_one_at_the_school_can_download_it_yet(client, submitted, director):
    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version}, follow=True
    )
    assert "give the headteacher a login" in response.content.decode()


@pytest.mark.django_db
def test_the_page_says_the_headteacher_was_emailed(client, submitted, director, headteacher):
    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version}, follow=True
    )
    assert "the headteacher has been emailed" in response.content.decode()
