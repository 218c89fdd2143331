"""Two-factor sign-in: enrolment, verification, backup codes and enforcement by role."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/accounts/2fa/setup/")
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/2fa/setup/", {"token": current_code(device)})
    assert response.status_code == 200
    # Enrolling signs out the user's other sessions (User.two_factor_stamp), as a new password
    # does: a later force_login needs the user as it is now.
    user.refresh_from_db()
    return re.findall(r"<li>([0-9a-f]{8})</li>", response.text)


@pytest.mark.django_db
def test_an_assessor_can_enrol_and_gets_ten_backup_codes(client, lead):
    codes = enrol(client, lead)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=lead).confirmed
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_enrol(client, lead):
    client.force_login(lead)
    client.get("/accounts/2fa/setup/")
    response = client.post("/accounts/2fa/setup/", {"token": "000000x"})
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


@pytest.mark.django_db
def test_after_the_password_an_enrolled_user_must_give_a_code(client, lead):
    enrol(client, lead)
    client.logout()
    client.force_login(lead)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/verify/?next=%2F"
    response = client.post("/accounts/2fa/verify/?next=/", {"token": "12345678"})
    assert "That code is not right" in response.text
    device = TOTPDevice.objects.get(user=lead)
    device.refresh_from_db()
    device.last_t = -1  # the enrolment used this time step; allow it again for the test
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post("/accounts/2fa/verify/?next=/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, lead):
    codes = enrol(client, lead)
    client.logout()
    client.force_login(lead)
    response = client.post("/accounts/2fa/verify/", {"token": codes[0]})
    assert response.status_code == 302
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    client.logout()
    client.force_login(lead)
    response = client.post("/accounts/2fa/verify/", {"token": codes[0]})
    assert "That code is not right" in response.text


@pytest.mark.django_db
def test_enforcement_sends_a_director_to_enrol_first(client, director, settings):
    settings.IQM_2FA_ENFORCED = True
    client.force_login(director)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")
    response = client.post("/accounts/2fa/disable/")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_enforcement_leaves_assessors_and_headteachers_free_to_choose(client, lead, headteacher, settings):
    settings.IQM_2FA_ENFORCED = True
    for user in (lead, headteacher):
        client.force_login(user)
        assert client.get("/").status_code == 200
        assert client.get("/accounts/2fa/").status_code == 200


@pytest.mark.django_db
def test_without_enforcement_directors_sign_in_with_a_password_alone(client, director, settings):
    settings.IQM_2FA_ENFORCED = False
    client.force_login(director)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_director_cannot_switch_it_off_when_enforced(client, director, settings):
    settings.IQM_2FA_ENFORCED = True
    enrol(client, director)
    response = client.post("/accounts/2fa/disable/", follow=True)
    assert "cannot be switched off" in response.text
    assert TOTPDevice.objects.filter(user=director).exists()


@pytest.mark.django_db
def test_pages_do_not_look_up_devices_on_every_request(client, lead, django_assert_max_num_queries):
    client.force_login(lead)
    client.get("/")
    with django_assert_max_num_queries(30) as first:
        client.get("/accounts/2fa/")
    queries = [q["sql"] for q in first.captured_queries]
    client.get("/")
    with django_assert_max_num_queries(30) as second:
        client.get("/")
    assert not any("otp_totp_totpdevice" in q["sql"] for q in second.captured_queries)
    assert any("otp_totp_totpdevice" in q for q in queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/2fa/setup/", "/accounts/2fa/verify/"])
def test_an_empty_code_is_asked_for_again_with_a_message(client, lead, path):
    if path.endswith("verify/"):
        enrol(client, lead)
        client.logout()
    client.force_login(lead)
    response = client.post(path, {})
    assert response.status_code == 200
    assert "Enter the code from your authenticator app, or a backup code." in response.text


@pytest.mark.django_db(transaction=True)
def test_a_code_is_checked_outside_a_test_transaction_too(client, migration_data_back, lead):
    """As in production, where each request runs in autocommit: django-otp locks the devices it
    checks, which PostgreSQL refuses outside a transaction (this answered 500 there)."""
    from tests.factories import AssessorFactory

    user = AssessorFactory()
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    client.force_login(user)
    assert client.get("/")["Location"] == "/accounts/2fa/verify/?next=%2F"
    response = client.post("/accounts/2fa/verify/?next=/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def verified_client(client, user) -> TOTPDevice:
    """The user signed in with a password and a code from their app."""
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    client.force_login(user)
    assert client.post("/accounts/2fa/verify/?next=/", {"token": current_code(device)}).status_code == 302
    return device


@pytest.mark.django_db
def test_with_a_shared_cache_a_verified_session_does_not_read_its_device_each_time(
    shared_cache, client, director, django_assert_max_num_queries
):
    verified_client(client, director)
    assert client.get("/").status_code == 200
    with django_assert_max_num_queries(3) as captured:
        assert client.get("/").status_code == 200
    assert not [q for q in captured.captured_queries if "otp_totp" in q["sql"]]


@pytest.mark.django_db
def test_without_a_shared_cache_the_device_is_read_on_every_request(
    client, director, django_assert_max_num_queries
):
    verified_client(client, director)
    client.get("/")
    with django_assert_max_num_queries(20) as captured:
        assert client.get("/").status_code == 200
    assert [q for q in captured.captured_queries if "otp_totp" in q["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize("cache", ["shared", "none"])
def test_a_device_reset_by_an_administrator_unverifies_its_sessions_at_once(
    request, settings, client, director, cache
):
    if cache == "shared":
        request.getfixturevalue("shared_cache")
    settings.IQM_2FA_ENFORCED = True
    device = verified_client(client, director)
    assert client.get("/").status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).delete()  # the admin's "delete selected"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")


@pytest.mark.django_db
def test_a_device_switched_off_by_its_user_unverifies_the_session_at_once(shared_cache, client, lead):
    device = verified_client(client, lead)
    assert client.get("/").status_code == 200
    device.confirmed = False
    device.save()
    client.get("/")
    # An unconfirmed device verifies nothing: the session no longer counts as verified.
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert "otp_device_id" not in client.session
