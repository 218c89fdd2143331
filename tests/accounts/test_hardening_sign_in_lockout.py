"""Sign-in lockout behind a proxy, per account, and its page (issue 17, item 2).

The lock was keyed on REMOTE_ADDR alone: behind the TLS proxy every user shared its address, so
five wrong passwords locked everyone out, and forty wrong passwords from ten addresses never
locked the account. The page said "PT15M" and suggested a reset that did not unlock."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.urls import reverse

PROXY = "10.0.0.2"
RIGHT = "correct horse battery staple"


def attempt(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def through_proxy(client, username, password, client_address):
    return attempt(client, username, password, address=PROXY, HTTP_X_FORWARDED_FOR=client_address)


@pytest.fixture
def behind_proxy(settings):
    settings.IQM_TRUSTED_PROXIES = [PROXY]


def lock_from(client, user, settings, address="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "wrong password", address=address)
    assert attempt(client, user.username, RIGHT, address=address).status_code == 429


def shift_attempts_back(minutes: int) -> None:
    """As if the recorded wrong passwords were that many minutes older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_does_not_lock_out_another(behind_proxy, client, lead, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, lead.username, "wrong password", "203.0.113.7")
    assert through_proxy(client, lead.username, RIGHT, "203.0.113.7").status_code == 429
    response = through_proxy(client, lead.username, RIGHT, "198.51.100.9")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_addresses_the_client_adds_before_the_proxys_are_ignored(behind_proxy, client, lead, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, lead.username, "wrong password", f"192.0.2.{n}, 203.0.113.7")
    assert through_proxy(client, lead.username, RIGHT, "192.0.2.200, 203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_a_forwarded_address_from_an_untrusted_client_is_ignored(behind_proxy, client, lead, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, lead.username, "wrong password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, lead.username, RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, lead, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, lead.username, "wrong password", address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attempt(client, lead.username, RIGHT, address=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_wrong_passwords_from_many_addresses_lock_the_account_everywhere(client, lead, settings):
    per_address = settings.AXES_FAILURE_LIMIT - 1  # each address stays below its own limit
    addresses = [f"198.51.100.{n}" for n in range(1, 11)]
    responses = [
        attempt(client, lead.username, "wrong password", address=address).status_code
        for address in addresses
        for _ in range(per_address)
    ]
    assert 429 in responses
    assert responses.index(429) == settings.IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT - 1
    response = attempt(client, lead.username, RIGHT, address="192.0.2.50")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_account_lock_leaves_other_accounts_alone(client, lead, co_assessor, settings):
    for n in range(settings.IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT):
        attempt(client, lead.username, "wrong password", address=f"198.51.100.{n}")
    assert attempt(client, co_assessor.username, RIGHT, address="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_the_lockout_page_says_how_long_in_words(client, lead, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    lock_from(client, lead, settings)
    response = attempt(client, lead.username, RIGHT)
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.text
    assert "PT15M" not in response.text


@pytest.mark.django_db
def test_attempts_refused_during_the_lock_do_not_make_it_longer(client, lead, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    lock_from(client, lead, settings)
    shift_attempts_back(14)
    assert attempt(client, lead.username, "wrong password").status_code == 429
    shift_attempts_back(2)
    assert attempt(client, lead.username, RIGHT).status_code == 302


@pytest.mark.django_db
def test_a_successful_password_reset_ends_the_lock(client, lead, settings):
    settings.IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT = 10
    for n in range(settings.IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT):
        attempt(client, lead.username, "wrong password", address=f"198.51.100.{n}")
    lock_from(client, lead, settings)
    client.post(reverse("password_reset"), {"email": lead.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a brand new passphrase"
    assert client.post(set_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert not AccessAttempt.objects.filter(username=lead.username).exists()
    response = attempt(client, lead.username, new)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_reset_link_asked_for_but_not_used_leaves_the_lock(client, lead, settings):
    lock_from(client, lead, settings)
    client.post(reverse("password_reset"), {"email": lead.email})
    assert len(mail.outbox) == 1
    assert attempt(client, lead.username, RIGHT).status_code == 429


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("192.0.2.1, 203.0.113.7", "203.0.113.7"),
        ("203.0.113.7, 10.0.0.9", "203.0.113.7"),  # a second trusted proxy (in 10.0.0.0/8) is skipped
        ("not-an-address, 203.0.113.7", "203.0.113.7"),
        ("203.0.113.7, not-an-address", PROXY),  # garbage where the proxy writes: the proxy it is
        ("", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_what_the_proxies_wrote(rf, settings, forwarded, expected):
    from accounts.throttling import client_ip

    settings.IQM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_bad_trusted_proxy_stops_start_up_with_a_message():
    from tests.iqm.test_settings import PRODUCTION, manage

    result = manage("check", IQM_TRUSTED_PROXIES="10.0.0.1, proxy.example.org", **PRODUCTION)
    assert result.returncode != 0
    assert "IQM_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr


@pytest.mark.django_db
def test_the_headteachers_welcome_link_ends_a_lock_too(
    client, director, school, settings, django_capture_on_commit_callbacks
):
    from schools import services

    with django_capture_on_commit_callbacks(execute=True):
        headteacher = services.headteacher_login_create(
            school=school, first_name="Hana", last_name="Head", email="hana.head@example.org", by=director
        )
    lock_from(client, headteacher, settings)
    link = re.search(r"https?://[^/\s]+(/schools/welcome/\S+/)", mail.outbox[-1].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a brand new headteacher passphrase"
    assert client.post(set_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert not AccessAttempt.objects.filter(username=headteacher.username).exists()
    assert attempt(client, headteacher.username, new).status_code == 302
