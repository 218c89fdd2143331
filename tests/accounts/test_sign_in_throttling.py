"""Repeated wrong passwords lock that account out from that address for a while."""

import pytest


def attempt(client, username, password, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_that_address(client, lead, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, lead.username, "wrong password")
        assert response.status_code == 200  # the form again, with its error
    response = attempt(client, lead.username, "wrong password")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    # Even the right password is refused while the lock lasts.
    response = attempt(client, lead.username, "correct horse battery staple")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_for_that_address_and_that_account_only(client, lead, co_assessor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, lead.username, "wrong password")
    response = attempt(client, co_assessor.username, "correct horse battery staple")
    assert response.status_code == 302
    client.logout()
    response = attempt(client, lead.username, "correct horse battery staple", address="198.51.100.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(client, lead, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, lead.username, "wrong password")
    assert attempt(client, lead.username, "correct horse battery staple").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, lead.username, "wrong password").status_code == 200
