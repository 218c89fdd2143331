"""The admin shows a confirmed assessment read-only: change, delete (one or in bulk), inline
edits and reverting to an older version are refused; an issued report is read-only."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Finding, Statement
from reports.models import IssuedReport
from tests.assessments.test_frozen import content


def change_form(assessment: Assessment) -> dict:
    """A complete change-form POST for the assessment admin, with one statement edited."""
    data = {
        "school": assessment.school_id,
        "framework": assessment.framework_id,
        "kind": assessment.kind_id,
        "visit_start": assessment.visit_start.isoformat(),
        "visit_end": assessment.visit_end.isoformat(),
        "letter_date": assessment.letter_date.isoformat(),
        "lead_assessor": assessment.lead_assessor_id,
        "summary": "Rewritten in the admin.",
        "context": assessment.context,
        "evidence": assessment.evidence,
        "outcome": assessment.outcome,
        "reassessment_years": assessment.reassessment_years,
        "recommendation": assessment.recommendation,
        "return_comment": "",
        "_save": "Save",
    }
    statements = list(assessment.statements.filter(finding__isnull=True).order_by("kind", "position"))
    findings = list(assessment.findings.order_by("element__number"))
    data.update(
        {
            "statements-TOTAL_FORMS": len(statements),
            "statements-INITIAL_FORMS": len(statements),
            "findings-TOTAL_FORMS": len(findings),
            "findings-INITIAL_FORMS": len(findings),
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        }
    )
    for i, statement in enumerate(statements):
        data.update(
            {
                f"statements-{i}-id": statement.pk,
                f"statements-{i}-assessment": assessment.pk,
                f"statements-{i}-kind": statement.kind,
                f"statements-{i}-position": statement.position,
                f"statements-{i}-text": "Edited inline.",
            }
        )
    for i, finding in enumerate(findings):
        data.update(
            {
                f"findings-{i}-id": finding.pk,
                f"findings-{i}-assessment": assessment.pk,
                f"findings-{i}-element": finding.element_id,
                f"findings-{i}-narrative": "Edited inline.",
            }
        )
    return data


@pytest.mark.django_db
def test_the_change_page_is_read_only(admin_client, confirmed):
    response = admin_client.get(reverse("admin:assessments_assessment_change", args=[confirmed.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="_save"' not in page
    assert 'name="summary"' not in page
    assert reverse("admin:assessments_assessment_delete", args=[confirmed.pk]) not in page


@pytest.mark.django_db
def test_a_change_post_is_refused(admin_client, confirmed):
    before = content(confirmed)
    response = admin_client.post(
        reverse("admin:assessments_assessment_change", args=[confirmed.pk]), change_form(confirmed)
    )
    assert response.status_code == 403
    assert content(confirmed) == before


@pytest.mark.django_db
def test_the_same_post_changes_a_draft(admin_client, complete_draft):
    # The form above is a real change: on a draft the admin saves it, inlines included.
    page = admin_client.get(reverse("admin:assessments_assessment_change", args=[complete_draft.pk]))
    assert 'name="_save"' in page.content.decode()
    assert reverse("admin:assessments_assessment_delete", args=[complete_draft.pk]) in page.content.decode()
    response = admin_client.post(
        reverse("admin:assessments_assessment_change", args=[complete_draft.pk]), change_form(complete_draft)
    )
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.summary == "Rewritten in the admin."
    assert complete_draft.findings.filter(narrative="Edited inline.").count() == 10


@pytest.mark.django_db
def test_delete_is_refused_one_at_a_time_and_in_bulk(admin_client, confirmed):
    url = reverse("admin:assessments_assessment_delete", args=[confirmed.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "delete_selected", "_selected_action": [confirmed.pk], "post": "yes"},
    )
    # Django's bulk delete asks about each object and shows what may not be deleted.
    assert "Cannot delete assessment" in response.content.decode()
    assert Assessment.objects.filter(pk=confirmed.pk).exists()


@pytest.mark.django_db
def test_a_finding_and_its_list_items_cannot_be_edited(admin_client, confirmed):
    before = content(confirmed)
    finding = confirmed.findings.order_by("element__number").first()
    statements = list(finding.statements.order_by("kind", "position"))
    data = {
        "narrative": "Edited in the admin.",
        "statements-TOTAL_FORMS": len(statements),
        "statements-INITIAL_FORMS": len(statements),
    }
    for i, statement in enumerate(statements):
        data.update(
            {
                f"statements-{i}-id": statement.pk,
                f"statements-{i}-finding": finding.pk,
                f"statements-{i}-kind": statement.kind,
                f"statements-{i}-position": statement.position,
                f"statements-{i}-text": "Edited inline.",
            }
        )
    url = reverse("admin:assessments_finding_change", args=[finding.pk])
    assert admin_client.post(url, data).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:assessments_finding_delete", args=[finding.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = admin_client.post(
        reverse("admin:assessments_finding_changelist"),
        {"action": "delete_selected", "_selected_action": [finding.pk], "post": "yes"},
    )
    assert response.status_code == 403 or "Cannot delete finding" in response.content.decode()
    assert content(confirmed) == before


@pytest.mark.django_db
def test_reverting_to_an_older_version_is_refused(admin_client, confirmed):
    before = content(confirmed)
    oldest = confirmed.history.order_by("history_date").first()
    url = reverse("admin:assessments_assessment_simple_history", args=[confirmed.pk, oldest.history_id])
    assert admin_client.get(url).status_code == 200  # it can be read
    assert admin_client.post(url, change_form(confirmed)).status_code == 403
    finding = Finding.objects.filter(assessment=confirmed).first()
    finding_version = finding.history.first()
    finding_url = reverse(
        "admin:assessments_finding_simple_history", args=[finding.pk, finding_version.history_id]
    )
    assert admin_client.post(finding_url, {"narrative": "Reverted."}).status_code == 403
    assert content(confirmed) == before


@pytest.mark.django_db
def test_an_issued_report_is_read_only_in_the_admin(admin_client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    change = reverse("admin:reports_issuedreport_change", args=[report.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {"filename": "other.pdf"}).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:reports_issuedreport_delete", args=[report.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert admin_client.get(reverse("admin:reports_issuedreport_add")).status_code == 403
    assert IssuedReport.objects.get(pk=report.pk).filename == report.filename


@pytest.mark.django_db
def test_statements_cannot_be_added_to_a_confirmed_assessment_in_the_admin(admin_client, confirmed):
    count = Statement.objects.filter(assessment=confirmed).count()
    data = change_form(confirmed)
    data["statements-TOTAL_FORMS"] = int(data["statements-TOTAL_FORMS"]) + 1
    index = data["statements-TOTAL_FORMS"] - 1
    data.update(
        {
            f"statements-{index}-kind": "key_success",
            f"statements-{index}-position": 40,
            f"statements-{index}-text": "New.",
        }
    )
    response = admin_client.post(reverse("admin:assessments_assessment_change", args=[confirmed.pk]), data)
    assert response.status_code == 403
    assert Statement.objects.filter(assessment=confirmed).count() == count
