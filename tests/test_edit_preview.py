"""The full letter as a read-only HTML page, in the letter's order."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def url(assessment):
    return reverse("assessment_preview", args=[assessment.pk])


def test_it_shows_every_section_in_the_letters_order(client, lead, complete_draft):
    client.force_login(lead)
    html = client.get(url(complete_draft)).content.decode()
    order = [
        "20th November 2026",
        "Summary",
        "The school is inclusive.",
        "I recommend that the school be awarded the Mark.",
        "Findings confirmed by Inclusion Quality Mark Ltd:",
        "Name of School:",
        "Date of assessment:",
        "Context of the School and Sources of Data",
        "Portfolio and Other Supporting Evidence",
        "Key Areas of Success are:-",
        "Safeguarding.",
        "Minor Areas for Development:-",
        "Peer counselling.",
        "Element 1 - Learner Progress",
        "Element 10 - The Community",
        "Date: 20th November 2026",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert "DRAFT" in html
    assert html.count("<p>The school is inclusive.</p>") == 2


def test_it_shows_gaps_in_a_draft(client, lead, draft):
    client.force_login(lead)
    html = client.get(url(draft)).content.decode()
    assert "[summary not written yet]" in html
    assert "[narrative not written yet]" in html


def test_it_prints_the_reference_letter_with_its_signature(client, demo):
    client.force_login(User.objects.get(username="assessor"))
    html = client.get(url(demo)).content.decode()
    assert "Joe McCann MBA NPQH" in html
    assert "14th–15th July 2010" in html
    assert html.count("There are no significant areas for development.") == 4
    assert "Element 10 - The Community" in html
    assert "DRAFT" not in html


def test_a_director_may_preview(client, director, draft):
    client.force_login(director)
    assert client.get(url(draft)).status_code == 200


@pytest.mark.parametrize("who", ["other_assessor", "headteacher"])
def test_it_is_hidden_from_people_not_on_the_team(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(draft)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, draft):
    assert client.get(url(draft)).url.startswith(reverse("login"))
