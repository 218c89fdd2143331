"""Text kept from a form post that arrived after the session ended is shown back only to the
person who typed it: the next user to sign in on that browser never sees it."""

import re

import pytest
from django.urls import reverse

from assessments import unsaved
from assessments.models import Assessment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET = "Confidential notes about a named pupil"


def owner_field_of(html: str) -> str:
    """The value of the hidden field the editor's form carries."""
    return re.search(rf'name="{unsaved.FIELD}" value="([^"]+)"', html).group(1)


def type_then_lose_the_session(client, user, page: str, draft) -> None:
    """The user opens the page, the session ends (signed out elsewhere, or it ran out), then the
    form is sent from the page still on screen."""
    client.force_login(user)
    token = owner_field_of(client.get(page).content.decode())
    client.logout()
    response = client.post(page, {"version": draft.version, "summary": SECRET, unsaved.FIELD: token})
    assert response.status_code == 302


def sign_in(client, user) -> None:
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


def test_the_editor_form_names_who_it_was_rendered_for(client, lead, draft):
    client.force_login(lead)
    page = client.get(reverse("assessment_section", args=[draft.pk, "summary"])).content.decode()
    assert unsaved.owner_of(owner_field_of(page)) == lead.pk


def test_the_next_user_on_the_browser_does_not_see_it(client, lead, co_assessor, draft):
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    type_then_lose_the_session(client, lead, page, draft)

    sign_in(client, co_assessor)  # another assessor of the same assessment, on the same browser
    html = client.get(page).content.decode()
    assert SECRET not in html
    assert "Your unsaved text is back" not in html
    # Dropped, not kept for later: it is not in the session any more either.
    assert "iqm_unsaved" not in client.session
    assert Assessment.objects.get(pk=draft.pk).summary == ""


def test_the_person_who_typed_it_sees_it(client, lead, draft):
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    type_then_lose_the_session(client, lead, page, draft)
    sign_in(client, lead)
    html = client.get(page).content.decode()
    assert "Your unsaved text is back" in html
    assert f"{SECRET}</textarea>" in html


def test_a_post_without_a_genuine_owner_is_not_kept(client, lead, director, draft):
    page = reverse("assessment_section", args=[draft.pk, "summary"])
    for token in ("", "forged", unsaved.owner_token(director)[:-2] + "xx"):
        response = client.post(
            page, {"version": draft.version, "summary": SECRET, unsaved.FIELD: token}, follow=True
        )
        assert b"You had been signed out, so that was not done" in response.content
        assert "iqm_unsaved" not in client.session
    sign_in(client, lead)
    assert SECRET not in client.get(page).content.decode()
