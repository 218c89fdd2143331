"""The demo (scripts/run-app: DJANGO_DEBUG and IQM_FRIENDLY_ERRORS on) answers visitors with the
site's own error pages, as production does, never Django's technical pages, which list every
URL pattern or show a traceback."""

from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from iqm.urls import urlpatterns as project_urlpatterns

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a secret detail")


urlpatterns = [*project_urlpatterns, path("broken/", broken_view)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.IQM_FRIENDLY_ERRORS = True


def test_an_unknown_address_answers_with_the_sites_page_not_the_url_patterns(demo, client, lead):
    client.force_login(lead)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>This page does not exist</h1>" in page and "Sign out" in page
    assert "URLconf" not in page and "str:code" not in page  # the patterns the technical page lists
    assert response["X-Frame-Options"] == "DENY"  # the outer middleware saw it


def test_an_object_that_is_not_there_answers_with_the_sites_page(demo, client, lead):
    client.force_login(lead)
    response = client.get("/assessments/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page does not exist" in page and "Http404" not in page and "Traceback" not in page


def test_a_missing_slash_is_still_redirected(demo, client):
    response = client.get("/accounts/login")
    assert response.status_code == 301 and response["Location"] == "/accounts/login/"


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_with_the_sites_page_and_is_logged(demo, caplog):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "a secret detail" not in page and "Traceback" not in page
    assert any(r.name == "django.request" and r.exc_info for r in caplog.records)


@override_settings(ROOT_URLCONF=__name__)
def test_the_test_client_still_raises_a_views_exception(demo):
    with pytest.raises(RuntimeError, match="a secret detail"):
        Client().get("/broken/")


def test_without_the_setting_debug_shows_djangos_technical_page(settings, client):
    settings.DEBUG = True
    settings.IQM_FRIENDLY_ERRORS = False
    page = client.get("/no-such-page/").content.decode()
    assert "URLconf" in page


def test_the_demo_command_turns_it_on():
    script = (Path(__file__).resolve().parents[2] / "scripts" / "run-app").read_text()
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"' in script
    assert 'export IQM_FRIENDLY_ERRORS="${IQM_FRIENDLY_ERRORS:-1}"' in script
