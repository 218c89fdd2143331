"""Two-factor sign-in after a change of role, superuser flag or devices (issue 17, item 1).

A session that found no device to check remembered it for good: a user made a director or a
superuser kept working without enrolling, and a device enrolled elsewhere did not touch the
sessions opened without it."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from tests.accounts.test_two_factor import current_code


@pytest.fixture(params=["no shared cache", "shared cache"])
def cache_mode(request):
    """Each test with and without the shared cache, which keeps the user's row."""
    if request.param == "shared cache":
        request.getfixturevalue("shared_cache")
    return request.param


@pytest.fixture
def enforced(settings):
    settings.IQM_2FA_ENFORCED = True


def signed_in_without_a_device(client: Client, user: User) -> None:
    """The user signed in with a password, their session marked as having nothing to check."""
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_it_sends_an_assessor_made_a_director_to_enrol_on_the_next_request(
    cache_mode, enforced, client, lead, submitted
):
    signed_in_without_a_device(client, lead)
    lead.role = Role.DIRECTOR
    lead.save()
    response = client.get(f"/review/{submitted.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")


@pytest.mark.django_db
def test_it_sends_a_user_made_a_director_by_a_queryset_update_to_enrol(cache_mode, enforced, client, lead):
    signed_in_without_a_device(client, lead)
    User.objects.filter(pk=lead.pk).update(role=Role.DIRECTOR)
    response = client.get("/review/schedule/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")


@pytest.mark.django_db
def test_it_sends_a_user_made_a_superuser_to_enrol_before_the_admin(cache_mode, enforced, client, lead):
    signed_in_without_a_device(client, lead)
    lead.is_superuser = True
    lead.is_staff = True
    lead.save()
    for path in ("/admin/", "/admin/otp_totp/totpdevice/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/setup/"), path


@pytest.mark.django_db
def test_a_device_added_in_the_admin_signs_out_the_sessions_opened_without_it(cache_mode, client, lead):
    signed_in_without_a_device(client, lead)
    TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)  # what the device admin does
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # Signed in again with the password, the new device is asked for.
    client.force_login(User.objects.get(pk=lead.pk))
    assert client.get("/")["Location"].startswith("/accounts/2fa/verify/")


@pytest.mark.django_db
def test_enrolling_signs_out_the_other_sessions_and_keeps_this_one(cache_mode, lead):
    other = Client()
    signed_in_without_a_device(other, lead)
    enrolling = Client()
    enrolling.force_login(lead)
    assert enrolling.get("/accounts/2fa/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    response = enrolling.post("/accounts/2fa/setup/", {"token": current_code(device)})
    assert "Backup codes" in response.text or "backup codes" in response.text
    assert enrolling.get("/").status_code == 200
    response = other.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_code_checked_does_not_sign_out_the_other_sessions(cache_mode, lead):
    device = TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    first = Client()
    first.force_login(User.objects.get(pk=lead.pk))
    assert first.post("/accounts/2fa/verify/", {"token": current_code(device)}).status_code == 302
    assert first.get("/").status_code == 200
    device.refresh_from_db()
    device.last_t = -1  # let the same code count again for the second session
    device.save()
    second = Client()
    second.force_login(User.objects.get(pk=lead.pk))
    assert second.post("/accounts/2fa/verify/", {"token": current_code(device)}).status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 200


@pytest.mark.django_db
def test_an_unchanged_user_still_skips_the_device_look_up(client, lead, django_assert_max_num_queries):
    signed_in_without_a_device(client, lead)
    with django_assert_max_num_queries(30) as captured:
        assert client.get("/").status_code == 200
    assert not [q for q in captured.captured_queries if "otp_" in q["sql"]]
