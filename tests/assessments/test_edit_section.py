"""The section pages: letter and visit details, summary, context, evidence, the two lists, and
outcome and recommendation."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Assessment, Status

pytestmark = pytest.mark.django_db

SECTIONS = ["details", "summary", "context", "evidence", "key_successes", "minor_areas", "outcome"]


def url(assessment, section):
    return reverse("assessment_section", args=[assessment.pk, section])


def post(client, assessment, section, **data):
    data.setdefault("version", Assessment.objects.get(pk=assessment.pk).version)
    return client.post(url(assessment, section), data)


@pytest.mark.parametrize("section", SECTIONS)
def test_it_shows_every_section_to_its_assessor(client, lead, draft, section):
    client.force_login(lead)
    response = client.get(url(draft, section))
    assert response.status_code == 200
    assert b"Previous" in response.content or section == "details"
    assert b"Next" in response.content


def test_it_shows_the_current_text_and_version(client, lead, draft):
    draft.summary = "The school is <b>inclusive</b>."
    draft.save()
    client.force_login(lead)
    page = client.get(url(draft, "summary")).content.decode()
    assert "The school is &lt;b&gt;inclusive&lt;/b&gt;." in page
    assert f'name="version" value="{draft.version}"' in page
    assert reverse("assessment_section_autosave", args=[draft.pk, "summary"]) in page


def test_it_saves_the_summary_and_says_when(client, lead, draft):
    client.force_login(lead)
    response = post(client, draft, "summary", summary="First paragraph.\r\n\r\nSecond.")
    assert response.status_code == 302
    assert response.url == url(draft, "summary")
    assert Assessment.objects.get(pk=draft.pk).summary == "First paragraph.\n\nSecond."
    assert b"Saved at" in client.get(response.url).content


def test_it_goes_on_to_the_next_page_when_asked(client, lead, draft):
    client.force_login(lead)
    response = post(client, draft, "summary", summary="Done.", then="next")
    assert response.url == url(draft, "context")
    response = post(
        client, draft, "outcome", outcome="yes", reassessment_years="3", recommendation="R.", then="next"
    )
    assert response.url == reverse("assessment_element", args=[draft.pk, 1])


def test_it_saves_the_visit_and_letter_dates(client, lead, draft):
    client.force_login(lead)
    response = post(
        client, draft, "details", visit_start="2026-11-10", visit_end="14/11/2026", letter_date="2026-11-30"
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.visit_end, draft.letter_date) == (datetime.date(2026, 11, 14), datetime.date(2026, 11, 30))


def test_it_refuses_a_visit_that_ends_before_it_starts(client, lead, draft):
    client.force_login(lead)
    before = Assessment.objects.get(pk=draft.pk)
    response = post(
        client, draft, "details", visit_start="2026-11-10", visit_end="2026-11-09", letter_date=""
    )
    assert response.status_code == 200
    assert b"cannot be before the first day" in response.content
    assert b"There is a problem" in response.content
    assert b'value="2026-11-09"' in response.content
    after = Assessment.objects.get(pk=draft.pk)
    assert (after.visit_end, after.version) == (before.visit_end, before.version)


def test_it_keeps_a_date_it_cannot_read(client, lead, draft):
    client.force_login(lead)
    response = post(client, draft, "details", visit_start="31/02/2026", visit_end="", letter_date="")
    assert response.status_code == 200
    assert b'value="31/02/2026"' in response.content
    assert b"Enter a valid date" in response.content


def test_it_saves_the_outcome_and_recommendation(client, lead, draft):
    client.force_login(lead)
    response = post(
        client, draft, "outcome", outcome="yes", reassessment_years="3", recommendation="I recommend."
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.outcome, draft.reassessment_years, draft.recommendation) == ("yes", 3, "I recommend.")


@pytest.mark.parametrize("years", ["0", "11", "three"])
def test_it_refuses_a_reassessment_interval_out_of_range(client, lead, draft, years):
    client.force_login(lead)
    response = post(
        client, draft, "outcome", outcome="yes", reassessment_years=years, recommendation="Kept text."
    )
    assert response.status_code == 200
    assert b"Kept text." in response.content
    assert Assessment.objects.get(pk=draft.pk).recommendation == ""


def test_it_answers_404_for_an_unknown_section(client, lead, draft):
    client.force_login(lead)
    assert client.get(url(draft, "nonsense")).status_code == 404
    assert client.post(url(draft, "nonsense"), {"version": 1}).status_code == 404


def test_it_shows_a_submitted_assessment_read_only_and_refuses_posts(client, lead, complete_draft):
    Assessment.objects.filter(pk=complete_draft.pk).update(status=Status.SUBMITTED)
    client.force_login(lead)
    page = client.get(url(complete_draft, "summary")).content.decode()
    assert "read-only until a director returns it" in page
    assert "<textarea" not in page
    assert "The school is inclusive." in page
    response = post(client, complete_draft, "summary", summary="Sneaky change.")
    assert response.status_code == 302
    assert Assessment.objects.get(pk=complete_draft.pk).summary.startswith("The school is inclusive.")
    assert b"read-only" in client.get(response.url).content


def test_a_director_reads_but_cannot_save(client, director, draft):
    client.force_login(director)
    response = client.get(url(draft, "summary"))
    assert response.status_code == 200
    assert b"<textarea" not in response.content
    assert post(client, draft, "summary", summary="Director's words.").status_code == 404
    assert Assessment.objects.get(pk=draft.pk).summary == ""


@pytest.mark.parametrize("who", ["other_assessor", "headteacher"])
def test_it_is_hidden_from_people_not_on_the_team(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(draft, "summary")).status_code == 404
    assert post(client, draft, "summary", summary="Mine.").status_code == 404
    assert Assessment.objects.get(pk=draft.pk).summary == ""


def test_it_sends_anonymous_visitors_to_sign_in(client, draft):
    response = client.get(url(draft, "context"))
    assert response.url.startswith(reverse("login"))
