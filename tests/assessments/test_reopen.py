"""A correction is a new revision: the director reopens a confirmed assessment as a draft copy
linked to it; the issued PDF of the earlier revision stays and is never overwritten."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from assessments import awards, services
from assessments.models import Assessment, Event, Status
from reports.models import IssuedReport


def reopen(confirmed, director, reason="The number on roll is wrong."):
    return services.assessment_reopen(assessment=confirmed, by=director, reason=reason)


LETTER_FIELDS = [
    "school_id", "framework_id", "kind", "visit_start", "visit_end", "letter_date", "lead_assessor_id",
    "summary", "recommendation", "outcome", "reassessment_years", "context", "evidence",
]  # fmt: skip


def letter_content(assessment):
    return (
        [getattr(assessment, name) for name in LETTER_FIELDS],
        sorted(assessment.co_assessors.values_list("pk", flat=True)),
        list(
            assessment.findings.order_by("element__number").values_list(
                "element_id", "narrative", "no_significant_areas"
            )
        ),
        sorted(
            (s.finding.element_id if s.finding else 0, s.kind, s.position, s.text)
            for s in assessment.statements.select_related("finding")
        ),
    )


@pytest.mark.django_db
def test_it_opens_a_draft_copy_linked_to_the_original(confirmed, director):
    revision = reopen(confirmed, director)
    assert revision.pk != confirmed.pk
    assert revision.status == Status.DRAFT
    assert revision.revision_of == confirmed
    assert revision.revision == 2
    assert revision.return_comment == "The number on roll is wrong."
    assert revision.confirmed_by is None and revision.confirmed_at is None
    assert letter_content(revision) == letter_content(confirmed)


@pytest.mark.django_db
def test_the_original_stays_confirmed_with_its_issued_report(confirmed, director):
    report = IssuedReport.objects.get(assessment=confirmed)
    stored = default_storage.open(report.file.name, "rb").read()
    reopen(confirmed, director)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    assert IssuedReport.objects.get(assessment=confirmed).sha256 == report.sha256
    assert default_storage.open(report.file.name, "rb").read() == stored


@pytest.mark.django_db
def test_it_records_the_reopening_on_both(confirmed, director):
    revision = reopen(confirmed, director)
    on_original = Event.objects.get(assessment=confirmed, action=Event.Action.REOPENED)
    on_revision = Event.objects.get(assessment=revision, action=Event.Action.REOPENED)
    assert on_original.by == on_revision.by == director
    assert (on_original.from_status, on_original.to_status) == ("confirmed", "confirmed")
    assert on_revision.to_status == "draft"
    assert "The number on roll is wrong." in on_original.comment


@pytest.mark.django_db
def test_the_corrected_revision_is_issued_in_a_file_of_its_own(confirmed, director, lead):
    original_report = IssuedReport.objects.get(assessment=confirmed)
    original_bytes = default_storage.open(original_report.file.name, "rb").read()
    revision = reopen(confirmed, director)
    revision.summary = "The corrected summary."
    revision.save()
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)

    new_report = IssuedReport.objects.get(assessment=revision)
    assert new_report.revision == 2
    assert new_report.file.name != original_report.file.name
    assert "/revision-2/" in new_report.file.name
    assert new_report.filename.endswith("-revision-2.pdf")
    assert default_storage.open(original_report.file.name, "rb").read() == original_bytes
    assert IssuedReport.objects.count() == 2


@pytest.mark.django_db
def test_the_corrected_revision_replaces_the_original_for_the_award(confirmed, director, lead, school):
    revision = reopen(confirmed, director)
    revision.letter_date = datetime.date(2026, 12, 1)
    revision.reassessment_years = 1
    revision.save()
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    award = awards.latest_award(school)
    assert award.assessment_id == revision.pk
    assert award.valid_until == datetime.date(2027, 12, 1)
    assert [a.assessment_id for a in awards.awards_for_school(school)] == [revision.pk]


@pytest.mark.django_db
def test_it_refuses_a_second_correction_of_the_same_revision(confirmed, director):
    revision = reopen(confirmed, director)
    with pytest.raises(services.WorkflowError, match="Revision 2 of this assessment already exists"):
        reopen(confirmed, director)
    assert Assessment.objects.filter(revision_of=confirmed).get() == revision


@pytest.mark.django_db
def test_a_confirmed_correction_can_itself_be_corrected(confirmed, director, lead):
    second = reopen(confirmed, director)
    services.assessment_submit(assessment=second, by=lead)
    services.assessment_confirm(assessment=second, by=director)
    third = reopen(second, director, reason="Another slip.")
    assert (third.revision, third.revision_of) == (3, second)


@pytest.mark.django_db
def test_it_needs_a_reason(confirmed, director):
    with pytest.raises(services.WorkflowError, match="the reason is required"):
        reopen(confirmed, director, reason="   ")
    assert not Assessment.objects.filter(revision_of=confirmed).exists()


@pytest.mark.django_db
def test_the_reopen_form_opens_the_new_revision(client, confirmed, director):
    client.force_login(director)
    response = client.post(reverse("review_reopen", args=[confirmed.pk]), {"reason": "A typo in element 3."})
    revision = Assessment.objects.get(revision_of=confirmed)
    assert response.status_code == 302
    assert response.url == reverse("review_assessment", args=[revision.pk])
    page = client.get(response.url).content.decode()
    assert "Revision 2 is open as a draft" in page
    assert "A typo in element 3." in page


@pytest.mark.django_db
def test_the_reopen_form_without_a_reason_keeps_the_page_and_says_why(client, confirmed, director):
    client.force_login(director)
    response = client.post(reverse("review_reopen", args=[confirmed.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Assessment.objects.filter(revision_of=confirmed).exists()
