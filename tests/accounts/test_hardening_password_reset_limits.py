"""Password reset requests are limited per email address and per client (issue 17, item 8).

Before, anyone could have the app send any number of reset emails to one address, or try any
number of addresses from one client."""

import re

import pytest
from django.core import mail
from django.urls import reverse

PROXY = "10.0.0.2"


def ask(client, email, address="203.0.113.7", **headers):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, **headers)


@pytest.mark.django_db
def test_it_sends_at_most_the_limit_of_links_to_one_address_in_an_hour(client, lead, settings):
    for n in range(settings.IQM_PASSWORD_RESET_ADDRESS_LIMIT):
        # from different clients, and in different case: the address is what counts
        email = lead.email.upper() if n % 2 else lead.email
        assert ask(client, email, address=f"198.51.100.{n}").status_code == 302
    response = ask(client, lead.email, address="198.51.100.99")
    assert response.status_code == 429
    assert "several requests for this address in the last hour" in response.text
    assert "ask again in" in response.text
    assert len(mail.outbox) == settings.IQM_PASSWORD_RESET_ADDRESS_LIMIT


@pytest.mark.django_db
def test_the_address_limit_says_the_same_for_an_unknown_address(client, lead, settings):
    def refusal(email):
        for n in range(settings.IQM_PASSWORD_RESET_ADDRESS_LIMIT):
            ask(client, email, address=f"198.51.100.{n}")
        response = ask(client, email, address="198.51.100.99")
        assert response.status_code == 429
        text = response.text.replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert refusal(lead.email) == refusal("nobody@example.org")


@pytest.mark.django_db
def test_it_limits_the_requests_from_one_client(client, settings):
    for n in range(settings.IQM_PASSWORD_RESET_CLIENT_LIMIT):
        assert ask(client, f"someone{n}@example.org").status_code == 302
    response = ask(client, "someone-else@example.org")
    assert response.status_code == 429
    assert "too many password reset requests from your network" in response.text
    # Another client is not held back.
    assert ask(client, "someone-else@example.org", address="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.IQM_TRUSTED_PROXIES = [PROXY]
    for n in range(settings.IQM_PASSWORD_RESET_CLIENT_LIMIT):
        ask(client, f"someone{n}@example.org", address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert ask(client, "x@example.org", address=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert ask(client, "x@example.org", address=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_an_invalid_address_is_not_counted(client, settings):
    for _ in range(settings.IQM_PASSWORD_RESET_CLIENT_LIMIT + 1):
        response = ask(client, "not an address")
        assert response.status_code == 200
        assert "Enter a valid email address." in response.text
    assert ask(client, "someone@example.org").status_code == 302


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (15 * 60, "15 minutes"),
        (60 * 60, "1 hour"),
        (90 * 60, "1 hour 30 minutes"),
        (0.2, "1 second"),
    ],
)
def test_plain_duration_says_a_time_as_a_person_would(seconds, words):
    from accounts.throttling import plain_duration

    assert plain_duration(seconds) == words
