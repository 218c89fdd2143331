"""After many wrong codes django-otp holds codes back for a while; the page says so and for how
long (issue 17, item 7). Before, the right code was refused with "That code is not right"."""

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import current_code

PAUSED = re.compile(r"Too many wrong codes: codes are not being checked for \d+ (minute|second)s?\.")


def held_back(device: TOTPDevice, failures: int = 8) -> None:
    """As after that many wrong codes in a row, the last one just now (a wait of 2^(n-1) s)."""
    device.throttling_failure_count = failures
    device.throttling_failure_timestamp = timezone.now()
    device.save()


@pytest.mark.django_db
def test_the_right_code_while_held_back_is_told_to_wait_not_that_it_is_wrong(client, lead):
    device = TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=lead, name="Backup codes", confirmed=True)
    held_back(device)
    held_back(backup)  # each wrong code counts against every device
    client.force_login(lead)
    response = client.post("/accounts/2fa/verify/?next=/", {"token": current_code(device)})
    assert response.status_code == 200
    assert PAUSED.search(response.text), response.text
    assert "3 minutes" in response.text  # 128 seconds, rounded up to the minute
    assert "That code is not right" not in response.text
    assert client.get("/").status_code == 302  # still not through


@pytest.mark.django_db
def test_enrolment_while_held_back_says_so_too(client, lead):
    client.force_login(lead)
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    held_back(device, failures=5)
    response = client.post("/accounts/2fa/setup/", {"token": current_code(device)})
    assert PAUSED.search(response.text), response.text
    assert "16 seconds" in response.text
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


@pytest.mark.django_db
def test_a_wrong_code_when_not_held_back_is_still_called_wrong(client, lead):
    TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    client.force_login(lead)
    response = client.post("/accounts/2fa/verify/", {"token": "12345678"})
    assert "That code is not right" in response.text
    assert not PAUSED.search(response.text)


@pytest.mark.django_db
def test_once_the_wait_is_over_the_right_code_works(client, lead):
    device = TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    device.throttling_failure_count = 8
    device.throttling_failure_timestamp = timezone.now() - timezone.timedelta(seconds=129)
    device.save()
    client.force_login(lead)
    response = client.post("/accounts/2fa/verify/?next=/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
