"""The spelling check on the overview and the draft letter's page: each questioned word, where it
is with a link there, and its British form; it never blocks submitting."""

import pytest
from django.urls import reverse

from assessments.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def american_draft(complete_draft):
    finding = Finding.objects.filter(assessment=complete_draft, element__number=2).get()
    finding.narrative = "Pupils' behavior is good."
    finding.save()
    return complete_draft


def test_the_overview_names_behavior_with_behaviour(client, lead, american_draft):
    client.force_login(lead)
    page = client.get(reverse("assessment_overview", args=[american_draft.pk])).content.decode()
    assert "Spelling (British English)" in page
    assert '<th scope="row" lang="en">behavior</th>' in page
    assert "British “behaviour”" in page
    assert f'href="/assessments/{american_draft.pk}/elements/2/#id_narrative"' in page


def test_the_draft_letter_page_shows_it_too(client, director, american_draft):
    client.force_login(director)
    page = client.get(reverse("letter_preview_html", args=[american_draft.pk])).content.decode()
    assert "British “behaviour”" in page


def test_it_never_blocks_submitting(client, lead, american_draft):
    client.force_login(lead)
    client.post(reverse("assessment_submit", args=[american_draft.pk]), {"confirm_read": "yes"})
    american_draft.refresh_from_db()
    assert american_draft.status == "submitted"


def test_a_clean_draft_says_there_is_nothing(client, lead, complete_draft):
    client.force_login(lead)
    page = client.get(reverse("assessment_overview", args=[complete_draft.pk])).content.decode()
    assert "No spelling questions" in page


def test_an_issued_letter_has_no_check(client, director, confirmed):
    client.force_login(director)
    page = client.get(reverse("letter_preview_html", args=[confirmed.pk])).content.decode()
    assert "Spelling (British English)" not in page
