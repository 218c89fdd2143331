"""Autosave: the paragraphs fields save themselves as the assessor types (editor.js posts one
field and the version; the server answers JSON)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments import editing
from assessments.models import Assessment, Finding, StatementKind, Status

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def section_url(assessment, section):
    return reverse("assessment_section_autosave", args=[assessment.pk, section])


def element_url(assessment, number):
    return reverse("assessment_element_autosave", args=[assessment.pk, number])


def autosave(client, url, field, value, version):
    return client.post(url, {"field": field, field: value, "version": version}, headers=JSON)


def test_it_saves_one_field_and_answers_with_the_new_version_and_time(client, lead, draft):
    client.force_login(lead)
    response = autosave(client, section_url(draft, "summary"), "summary", "Typed so far", draft.version)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["version"] == draft.version + 1
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert Assessment.objects.get(pk=draft.pk).summary == "Typed so far"


def test_successive_saves_carry_the_version_forward(client, lead, draft):
    client.force_login(lead)
    version = draft.version
    for text in ("Typed", "Typed so", "Typed so far."):
        version = autosave(client, section_url(draft, "context"), "context", text, version).json()["version"]
    assert Assessment.objects.get(pk=draft.pk).context == "Typed so far."


def test_it_saves_the_recommendation_on_the_outcome_page(client, lead, draft):
    client.force_login(lead)
    response = autosave(
        client, section_url(draft, "outcome"), "recommendation", "I recommend.", draft.version
    )
    assert response.status_code == 200
    assert Assessment.objects.get(pk=draft.pk).recommendation == "I recommend."


def test_it_saves_an_element_narrative_creating_the_finding(client, lead, draft):
    client.force_login(lead)
    response = autosave(client, element_url(draft, 6), "narrative", "Lessons were lively.", 0)
    answer = response.json()
    assert {key: answer[key] for key in ("ok", "version")} == {"ok": True, "version": 1}
    assert set(answer) == {"ok", "version", "saved_at", "status"}
    assert Finding.objects.get(assessment=draft, element__number=6).narrative == "Lessons were lively."


def test_it_saves_the_no_significant_areas_mark(client, lead, draft):
    client.force_login(lead)
    assert autosave(client, element_url(draft, 6), "no_significant_areas", "on", 0).status_code == 200
    assert Finding.objects.get(assessment=draft, element__number=6).no_significant_areas
    assert autosave(client, element_url(draft, 6), "no_significant_areas", "", 1).status_code == 200
    assert not Finding.objects.get(assessment=draft, element__number=6).no_significant_areas


def test_it_explains_a_refused_mark(client, lead, draft):
    element = draft.framework.elements.get(number=6)
    editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text="An area."
    )
    client.force_login(lead)
    response = autosave(client, element_url(draft, 6), "no_significant_areas", "on", 1)
    assert response.status_code == 400
    assert "Delete them before marking" in response.json()["error"]


def test_it_refuses_a_nul_character_with_a_message(client, lead, draft):
    client.force_login(lead)
    response = autosave(client, section_url(draft, "summary"), "summary", "Pasted\x00text", draft.version)
    assert response.status_code == 400
    assert response.json()["kind"] == "invalid"
    assert "NUL character" in response.json()["error"]
    assert Assessment.objects.get(pk=draft.pk).summary == ""


def test_it_answers_a_conflict_with_both_texts(client, lead, co_assessor, draft):
    start = draft.version
    editing.assessment_section_save(
        assessment=draft,
        by=co_assessor,
        section="summary",
        values={"summary": "Co's <b>words</b>."},
        version=start,
    )
    client.force_login(lead)
    response = autosave(client, section_url(draft, "summary"), "summary", "Lead's words.", start)
    assert response.status_code == 409
    body = response.json()
    assert body["kind"] == "conflict"
    assert body["version"] == start + 1
    assert body["theirs"] == "Co's <b>words</b>."
    assert "Lead&#x27;s words." in body["html"]
    assert "Co&#x27;s &lt;b&gt;words&lt;/b&gt;." in body["html"]
    assert "Cora Assessor saved a newer version" in body["html"]
    assert Assessment.objects.get(pk=draft.pk).summary == "Co's <b>words</b>."


def test_it_refuses_a_submitted_assessment(client, lead, complete_draft):
    Assessment.objects.filter(pk=complete_draft.pk).update(status=Status.SUBMITTED)
    client.force_login(lead)
    response = autosave(
        client, section_url(complete_draft, "summary"), "summary", "Late.", complete_draft.version
    )
    assert response.status_code == 409
    assert response.json()["kind"] == "read_only"
    assert "read-only" in response.json()["error"]


@pytest.mark.parametrize(
    ("section", "field"),
    [("summary", "context"), ("details", "visit_start"), ("summary", "nonsense"), ("nope", "summary")],
)
def test_it_answers_404_for_a_field_it_does_not_autosave(client, lead, draft, section, field):
    client.force_login(lead)
    assert autosave(client, section_url(draft, section), field, "x", draft.version).status_code == 404


def test_it_answers_401_with_a_sign_in_link_when_signed_out(client, draft):
    response = autosave(client, section_url(draft, "summary"), "summary", "Typed.", draft.version)
    assert response.status_code == 401
    body = response.json()
    assert body["kind"] == "signed_out"
    assert body["login_url"] == f"{reverse('login')}?next=%2Fassessments%2F{draft.pk}%2Fsummary%2F"


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_autosave(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert (
        autosave(client, section_url(draft, "summary"), "summary", "Mine.", draft.version).status_code == 404
    )
    assert Assessment.objects.get(pk=draft.pk).summary == ""


def test_it_refuses_a_get(client, lead, draft):
    client.force_login(lead)
    assert client.get(section_url(draft, "summary")).status_code == 405


def test_it_accepts_the_csrf_token_in_a_header_and_refuses_without_it(lead, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    client.get(reverse("assessment_section", args=[draft.pk, "summary"]))
    token = client.cookies["csrftoken"].value
    data = {"field": "summary", "summary": "With a token.", "version": draft.version}
    assert client.post(section_url(draft, "summary"), data, headers=JSON).status_code == 403
    response = client.post(section_url(draft, "summary"), data, headers={**JSON, "X-CSRFToken": token})
    assert response.status_code == 200
