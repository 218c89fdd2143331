"""Staff are signed out after a spell without activity; headteachers are not."""

import time

import pytest


def age_session(client, seconds: int) -> None:
    session = client.session
    session["iqm_last_seen"] = int(time.time()) - seconds
    session.save()


@pytest.mark.django_db
def test_an_idle_assessor_is_signed_out_and_sent_to_sign_in(client, lead, settings):
    settings.IQM_STAFF_IDLE_MINUTES = 30
    client.force_login(lead)
    assert client.get("/").status_code == 200
    age_session(client, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_active_director_stays_signed_in(client, director, settings):
    settings.IQM_STAFF_IDLE_MINUTES = 30
    client.force_login(director)
    client.get("/")
    age_session(client, 29 * 60)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_json_request_gets_401_so_the_editor_can_keep_the_text(client, lead, settings):
    settings.IQM_STAFF_IDLE_MINUTES = 30
    client.force_login(lead)
    client.get("/")
    age_session(client, 31 * 60)
    response = client.get("/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"error": "Your session has expired. Sign in again."}


@pytest.mark.django_db
def test_headteachers_keep_the_ordinary_session(client, headteacher, settings):
    settings.IQM_STAFF_IDLE_MINUTES = 30
    client.force_login(headteacher)
    client.get("/")
    age_session(client, 31 * 60)
    assert client.get("/").status_code == 200
