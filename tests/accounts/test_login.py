"""Signing in and out, and resetting a forgotten password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_it_shows_the_sign_in_page(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'autocomplete="current-password"' in response.content
    assert reverse("password_reset").encode() in response.content


def test_it_signs_in_and_goes_to_next(client, lead, draft):
    overview = reverse("assessment_overview", args=[draft.pk])
    response = client.post(
        reverse("login"), {"username": lead.username, "password": PASSWORD, "next": overview}
    )
    assert response.status_code == 302
    assert response.url == overview


def test_it_signs_in_and_goes_home_without_next(client, lead):
    response = client.post(reverse("login"), {"username": lead.username, "password": PASSWORD})
    assert response.url == reverse("home")


def test_it_refuses_a_wrong_password_and_keeps_the_username(client, lead):
    response = client.post(reverse("login"), {"username": lead.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"do not match an account" in response.content
    assert f'value="{lead.username}"'.encode() in response.content
    assert "_auth_user_id" not in client.session


def test_it_ignores_a_next_that_leaves_the_site(client, lead):
    response = client.post(
        reverse("login"), {"username": lead.username, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_it_signs_out_with_a_post(client, lead):
    client.force_login(lead)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert b"You have signed out." in response.content
    assert "_auth_user_id" not in client.session


def test_it_refuses_to_sign_out_with_a_get(client, lead):
    client.force_login(lead)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_it_emails_a_reset_link_that_sets_a_new_password(client, lead):
    response = client.post(reverse("password_reset"), {"email": lead.email.upper()})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [lead.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"}
    )
    assert done.url == reverse("password_reset_complete")
    lead.refresh_from_db()
    assert lead.check_password("a brand new passphrase")


def test_it_says_the_same_for_an_unknown_address(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_refuses_a_used_reset_link(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert b"already been used or has expired" in response.content


@pytest.mark.parametrize("role_fixture", ["lead", "director", "headteacher"])
def test_it_shows_each_role_its_own_home(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    expected = {"lead": b"Your assessments", "director": b"Assessments", "headteacher": b"Your school"}
    assert expected[role_fixture] in response.content


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.url.startswith(reverse("login"))
