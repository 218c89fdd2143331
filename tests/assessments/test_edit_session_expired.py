"""A session that runs out while the assessor is typing loses nothing: after signing in again
the text is shown back, not yet saved, in the form it was typed in."""

import pytest
from django.urls import reverse

from assessments import unsaved
from assessments.models import Assessment, Finding, Status

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def typed_by(user, **data) -> dict:
    """A form post as the editor's page sends it: with the field naming whom it was rendered for."""
    return {**data, unsaved.FIELD: unsaved.owner_token(user)}


def sign_in_again(client, user, response):
    """Follow the redirect to the sign-in page and sign in there, as a person would."""
    login_page = client.get(response.url)
    assert login_page.status_code == 200
    next_url = login_page.context["next"]
    signed_in = client.post(response.url, {"username": user.username, "password": PASSWORD, "next": next_url})
    assert signed_in.status_code == 302
    return signed_in.url


def test_a_section_post_after_the_session_ended_is_shown_back_after_signing_in(client, lead, draft):
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    response = client.post(page, typed_by(lead, version=draft.version, summary="Two hours of typing 😀 <b>."))
    assert response.status_code == 302
    assert Assessment.objects.get(pk=draft.pk).summary == ""

    back = sign_in_again(client, lead, response)
    assert back == page
    html = client.get(back).content.decode()
    assert "Your unsaved text is back" in html
    assert "not saved yet" in html
    assert "Two hours of typing 😀 &lt;b&gt;.</textarea>" in html
    assert Assessment.objects.get(pk=draft.pk).summary == ""

    # Saving it now goes through; the banner does not come back.
    assert client.post(page, {"version": draft.version, "summary": "Two hours of typing."}).status_code == 302
    assert Assessment.objects.get(pk=draft.pk).summary == "Two hours of typing."
    assert "Your unsaved text is back" not in client.get(page).content.decode()


def test_an_element_post_after_the_session_ended_is_shown_back(client, co_assessor, draft):
    page = reverse("assessment_element", args=[draft.pk, 8])
    response = client.post(page, typed_by(co_assessor, version=0, narrative="Parents were full of praise."))
    back = sign_in_again(client, co_assessor, response)
    html = client.get(back).content.decode()
    assert "Parents were full of praise.</textarea>" in html
    assert not Finding.objects.filter(assessment=draft).exists()


def test_the_text_is_shown_even_if_the_assessment_was_submitted_meanwhile(client, lead, complete_draft):
    page = reverse("assessment_section", args=[complete_draft.pk, "context"])
    response = client.post(
        page, typed_by(lead, version=complete_draft.version, context="Late thoughts to keep.")
    )
    Assessment.objects.filter(pk=complete_draft.pk).update(status=Status.SUBMITTED)
    back = sign_in_again(client, lead, response)
    html = client.get(back).content.decode()
    assert "could not be put back into a form" in html
    assert "Late thoughts to keep." in html
    assert "<textarea" not in html


def test_the_kept_text_appears_only_on_its_own_page(client, lead, draft):
    page = reverse("assessment_section", args=[draft.pk, "evidence"])
    response = client.post(page, typed_by(lead, version=draft.version, evidence="Evidence notes."))
    sign_in_again(client, lead, response)
    other = client.get(reverse("assessment_section", args=[draft.pk, "summary"])).content.decode()
    assert "Evidence notes." not in other
    assert "Evidence notes." in client.get(page).content.decode()


def test_the_sign_in_page_says_why(client, lead, draft):
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    response = client.post(page, typed_by(lead, version=draft.version, summary="Words."), follow=True)
    assert b"You were signed out before your last change was saved" in response.content


def test_a_list_post_after_the_session_ended_comes_back_to_the_lists_page(client, lead, draft):
    for kind, page in (
        ("key_success", reverse("assessment_section", args=[draft.pk, "key_successes"])),
        ("minor_area", reverse("assessment_section", args=[draft.pk, "minor_areas"])),
        # An element's list at the assessment's address is no list: the overview, not an error.
        ("strength", reverse("assessment_overview", args=[draft.pk])),
        ("nonsense", reverse("assessment_overview", args=[draft.pk])),
    ):
        client.logout()
        add = reverse("statement_add", args=[draft.pk, kind])
        response = client.post(add, typed_by(lead, **{f"{kind}-add-text": "Kept"}))
        assert response.status_code == 302
        assert sign_in_again(client, lead, response) == page
