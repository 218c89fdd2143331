"""Each signed-in person has a page of their own, reached from their name in the navigation bar:
who they are, and the ways to their password, their two-factor sign-in and the emails they get."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def test_the_navigation_bar_names_the_user_and_links_to_their_account(client, lead):
    client.force_login(lead)
    text = client.get(reverse("home")).text
    assert f'href="{reverse("account")}"' in text
    assert f"{lead.get_full_name()} · Assessor" in text
    # The account's links are on the account page, not crowding the bar.
    assert reverse("password_change") not in text


def test_it_shows_who_they_are_and_links_to_password_two_factor_and_emails(client, lead):
    client.force_login(lead)
    response = client.get(reverse("account"))
    assert response.status_code == 200
    text = response.text
    assert lead.username in text and lead.email in text
    for name in ("password_change", "two_factor_settings", "cycle_preferences", "logout"):
        assert f'"{reverse(name)}"' in text
    assert "Two-factor sign-in</a>:\n    off" in text
    assert 'aria-current="page"' in text


def test_it_says_two_factor_is_on_with_the_backup_codes_left(client, director, settings):
    settings.IQM_2FA_ENFORCED = True
    TOTPDevice.objects.create(user=director, name="Phone", confirmed=True)
    client.force_login(director)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=director).persistent_id
    session.save()
    text = client.get(reverse("account")).text
    assert "on, 0 unused backup codes (your role requires it)" in text


def test_a_school_person_sees_their_school_and_their_name_escaped(client):
    person = HeadteacherFactory(first_name="<b>Ann</b>", last_name="O'Hara")
    client.force_login(person)
    text = client.get(reverse("account")).text
    assert person.school.name in text
    assert "&lt;b&gt;Ann&lt;/b&gt;" in text and "<b>Ann</b>" not in text


def test_it_needs_signing_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
