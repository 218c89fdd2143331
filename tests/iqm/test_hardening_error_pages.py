"""Every error page is the site's own and says what happened (issue 28, item 6): a form refused
by the CSRF check, and a 400 for a host name the site does not answer to, a body too large, too
many fields or a body that cannot be read. Runs on SQLite and PostgreSQL."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def test_a_form_without_its_csrf_cookie_gets_the_sites_page_saying_so():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = _page(response)
    assert "<h1>The form could not be sent</h1>" in page
    assert "did not send the cookie" in page
    assert "IQM Assessments" in page
    assert "CSRF verification failed" not in page  # Django's stock page


def test_a_form_with_a_stale_token_says_the_page_expired(lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    client.get(reverse("home"))  # its sign-out form sets the CSRF cookie
    assert "csrftoken" in client.cookies
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert "the page the form was on had expired" in _page(response)


@override_settings(SECURE_SSL_REDIRECT=False)
def test_a_form_from_another_site_says_so():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"csrfmiddlewaretoken": token, "username": "a", "password": "b"},
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert response.status_code == 403
    assert "sent from another site or address" in _page(response)


@override_settings(DEBUG=False, ALLOWED_HOSTS=["iqm.example.org"])
def test_a_disallowed_host_is_told_so_not_that_the_body_was_too_large():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    page = _page(response)
    assert "does not answer to the address" in page
    assert "too large" not in page


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_too_many_fields_are_told_so(client, director):
    client.force_login(director)
    response = client.post(reverse("school_create"), {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400
    page = _page(response)
    assert "more fields or files than any form" in page
    assert "too large" not in page


@override_settings(DEBUG=False)
def test_a_body_too_large_is_still_told_so(client, director, settings):
    client.force_login(director)
    response = client.post(
        reverse("school_create"), {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
    assert "too large (over 5 MB)" in _page(response)
