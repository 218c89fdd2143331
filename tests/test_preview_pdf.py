"""/reports/assessments/<id>/letter.pdf: the letter as a PDF, marked DRAFT on every page, for
the assessment's assigned assessors and for directors; 404 for anyone else."""

import pytest
from django.urls import reverse

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
