"""Every page for a signed-in user says Cache-Control: no-store (issue 17, item 9).

Before, only the letter previews and downloads did: the two-factor set-up page (with the
secret), the backup codes, the editor and the review pages could be kept by a browser's or a
proxy's cache."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import current_code


def assert_no_store(response, what: str) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"{what}: Cache-Control is {cache_control!r}"
    assert "private" in cache_control, f"{what}: Cache-Control is {cache_control!r}"


@pytest.mark.django_db
def test_the_assessors_pages_are_not_stored(client, lead, draft):
    client.force_login(lead)
    pages = [
        reverse("home"),
        reverse("assessment_overview", args=[draft.pk]),
        reverse("assessment_element", args=[draft.pk, 1]),
        reverse("assessment_section", args=[draft.pk, "key_successes"]),
        reverse("statement_list", args=[draft.pk, "key_success"]),
        reverse("assessment_submit", args=[draft.pk]),
        reverse("letter_preview_html", args=[draft.pk]),
        reverse("password_change"),
        reverse("two_factor_settings"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
        assert_no_store(response, page)


@pytest.mark.django_db
def test_the_directors_pages_are_not_stored(client, director, submitted, school):
    client.force_login(director)
    pages = [
        reverse("home"),
        reverse("visit_schedule"),
        reverse("review_list", args=["waiting"]),
        reverse("review_assessment", args=[submitted.pk]),
        reverse("review_history", args=[submitted.pk]),
        reverse("school_list"),
        reverse("school_detail", args=[school.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_no_store(response, page)


@pytest.mark.django_db
def test_the_headteachers_portal_and_the_admin_are_not_stored(client, headteacher, admin_user):
    client.force_login(headteacher)
    assert_no_store(client.get(reverse("home")), "portal")
    client.force_login(admin_user)
    for page in ("/admin/", "/admin/accounts/user/", "/admin/otp_totp/totpdevice/"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert_no_store(response, page)


@pytest.mark.django_db
def test_the_two_factor_secret_and_the_backup_codes_are_not_stored(client, lead):
    client.force_login(lead)
    setup = client.get(reverse("two_factor_setup"))
    assert "Key: <code" in setup.text
    assert_no_store(setup, "two-factor set-up")
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    codes = client.post(reverse("two_factor_setup"), {"token": current_code(device)})
    assert re.findall(r"<li>([0-9a-f]{8})</li>", codes.text)
    assert_no_store(codes, "backup codes after enrolment")
    renewed = client.post(reverse("two_factor_backup_codes"))
    assert re.findall(r"<li>([0-9a-f]{8})</li>", renewed.text)
    assert_no_store(renewed, "renewed backup codes")


@pytest.mark.django_db
def test_a_redirect_to_the_two_factor_step_is_not_stored_either(client, lead):
    TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    client.force_login(lead)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert_no_store(response, "redirect to the code")
