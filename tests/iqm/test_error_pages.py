"""A missing page and a server error answer with the site's own pages: what happened, that
nothing typed earlier is lost, and the way home."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_says_so_with_the_way_home(client, lead):
    client.force_login(lead)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>This page does not exist</h1>" in page
    assert 'href="/"' in page
    assert "Sign out" in page  # the site's own layout, signed in


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_assessment_is_the_same_page(client, lead):
    client.force_login(lead)
    response = client.get("/assessments/999999/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_answers_with_its_own_page():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "the error has been recorded" in page
    assert "RuntimeError" not in page and "a bug" not in page
