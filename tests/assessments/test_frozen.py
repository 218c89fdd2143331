"""Frozen means frozen: once confirmed, no path changes the content — the model layer (saving
or deleting, one row or in bulk), the services, the director's pages and the import command.
The admin has its own file (test_frozen_admin.py)."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from assessments import services
from assessments.interchange import export_document
from assessments.models import Assessment, Finding, FrozenAssessmentError, Statement, StatementKind
from reports.models import IssuedReport, IssuedReportError


def content(assessment: Assessment) -> tuple:
    """Everything the letter prints, read fresh from the database."""
    assessment = Assessment.objects.get(pk=assessment.pk)
    return (
        assessment.summary,
        assessment.status,
        assessment.version,
        assessment.lead_assessor_id,
        sorted(assessment.co_assessors.values_list("pk", flat=True)),
        list(assessment.findings.order_by("pk").values_list("pk", "narrative", "no_significant_areas")),
        list(assessment.statements.order_by("pk").values_list("pk", "kind", "position", "text")),
    )


# The model layer -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_or_deleting_a_confirmed_assessment_raises(confirmed):
    before = content(confirmed)
    confirmed.summary = "Rewritten."
    with pytest.raises(FrozenAssessmentError):
        confirmed.save()
    with pytest.raises(FrozenAssessmentError):
        Assessment.objects.get(pk=confirmed.pk).delete()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_a_copy_read_before_confirmation_cannot_be_saved_after_it(submitted, director):
    stale = Assessment.objects.get(pk=submitted.pk)
    services.assessment_confirm(assessment=submitted, by=director)
    before = content(submitted)
    stale.summary = "Sneaked in."
    with pytest.raises(FrozenAssessmentError):
        stale.save()
    with pytest.raises(FrozenAssessmentError):
        stale.delete()
    assert content(submitted) == before


@pytest.mark.django_db
def test_saving_or_deleting_its_findings_and_list_items_raises(confirmed):
    before = content(confirmed)
    finding = confirmed.findings.first()
    statement = confirmed.statements.first()
    finding.narrative = "Changed."
    statement.text = "Changed."
    for action in (finding.save, finding.delete, statement.save, statement.delete):
        with pytest.raises(FrozenAssessmentError):
            action()
    with pytest.raises(FrozenAssessmentError):
        Statement.objects.create(
            assessment=confirmed, kind=StatementKind.KEY_SUCCESS, position=99, text="Added later."
        )
    assert content(confirmed) == before


@pytest.mark.django_db
def test_bulk_writes_to_its_content_raise(confirmed):
    before = content(confirmed)
    refused = [
        lambda: Assessment.objects.filter(pk=confirmed.pk).update(summary="Bulk."),
        lambda: Assessment.objects.filter(pk=confirmed.pk).delete(),
        lambda: Finding.objects.filter(assessment=confirmed).update(narrative="Bulk."),
        lambda: Finding.objects.filter(assessment=confirmed).delete(),
        lambda: Statement.objects.filter(assessment=confirmed).update(text="Bulk."),
        lambda: Statement.objects.filter(assessment=confirmed).delete(),
        lambda: confirmed.statements.all().delete(),
        lambda: Statement.objects.bulk_create(
            [Statement(assessment=confirmed, kind=StatementKind.KEY_SUCCESS, position=50, text="x")]
        ),
        lambda: Statement.objects.bulk_update(list(confirmed.statements.all()), ["text"]),
        lambda: Finding.objects.bulk_update(list(confirmed.findings.all()), ["narrative"]),
    ]
    for write in refused:
        with pytest.raises(FrozenAssessmentError):
            write()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_its_assessors_cannot_change(confirmed, other_assessor, co_assessor):
    before = content(confirmed)
    for change in (
        lambda: confirmed.co_assessors.add(other_assessor),
        lambda: confirmed.co_assessors.remove(co_assessor),
        lambda: confirmed.co_assessors.clear(),
        lambda: confirmed.co_assessors.set([other_assessor]),
        lambda: other_assessor.co_assessments.add(confirmed),
        lambda: co_assessor.co_assessments.clear(),
    ):
        with pytest.raises(FrozenAssessmentError), transaction.atomic():
            change()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_the_issued_report_cannot_be_changed_or_deleted(confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    report.sha256 = "0" * 64
    for action in (
        report.save,
        report.delete,
        lambda: IssuedReport.objects.filter(pk=report.pk).update(sha256="0" * 64),
        lambda: IssuedReport.objects.filter(pk=report.pk).delete(),
    ):
        with pytest.raises(IssuedReportError):
            action()
    assert IssuedReport.objects.get(pk=report.pk).sha256 != "0" * 64


@pytest.mark.django_db
def test_a_draft_is_still_editable_in_every_way(complete_draft, other_assessor):
    Finding.objects.filter(assessment=complete_draft).update(narrative="Bulk edit.")
    complete_draft.co_assessors.add(other_assessor)
    complete_draft.summary = "New."
    complete_draft.save()
    complete_draft.statements.filter(kind=StatementKind.MINOR_AREA).delete()
    assert complete_draft.findings.filter(narrative="Bulk edit.").count() == 10


# The services and the director's pages -------------------------------------------------------


@pytest.mark.django_db
def test_no_service_changes_a_confirmed_assessment(confirmed, director, lead, other_assessor):
    before = content(confirmed)
    for attempt in (
        lambda: services.assessment_assign(assessment=confirmed, lead_assessor=other_assessor, by=director),
        lambda: services.assessment_submit(assessment=confirmed, by=lead),
        lambda: services.assessment_return(assessment=confirmed, by=director, comment="No."),
        lambda: services.assessment_confirm(assessment=confirmed, by=director),
    ):
        with pytest.raises(services.WorkflowError):
            attempt()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_the_assessors_page_refuses_a_confirmed_assessment(client, confirmed, director, other_assessor):
    before = content(confirmed)
    client.force_login(director)
    url = reverse("review_assessors", args=[confirmed.pk])
    response = client.post(url, {"lead_assessor": other_assessor.pk}, follow=True)
    assert "assessors cannot change" in response.content.decode()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_the_review_page_of_a_confirmed_assessment_offers_no_edit(client, confirmed, director):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[confirmed.pk])).content.decode()
    assert reverse("review_return", args=[confirmed.pk]) not in page
    assert reverse("review_confirm", args=[confirmed.pk]) not in page
    assert reverse("review_assessors", args=[confirmed.pk]) not in page
    assert reverse("review_reopen", args=[confirmed.pk]) in page  # a correction is a new revision


# The import command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_a_confirmed_assessment_again_leaves_the_original_untouched(confirmed, tmp_path):
    before = content(confirmed)
    report = IssuedReport.objects.get(assessment=confirmed)
    path = tmp_path / "again.json"
    path.write_text(json.dumps(export_document(confirmed)), encoding="utf-8")
    call_command("import_assessment", str(path), stdout=io.StringIO())
    assert content(confirmed) == before
    assert IssuedReport.objects.get(assessment=confirmed).sha256 == report.sha256
    copy = Assessment.objects.exclude(pk=confirmed.pk).get(school=confirmed.school)
    assert copy.status == "confirmed"
    assert IssuedReport.objects.get(assessment=copy).file.name != report.file.name
