"""Publishing the letter and its badge come first on the letter's page, before the letter; the
headteacher's home leads there from each issued report; the badge's HTML has a copy button,
shown by a small script of our own (no inline script: the CSP forbids it)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.models import Role
from reports.models import IssuedReport
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def letter_page(client, user, report) -> str:
    client.force_login(user)
    response = client.get(reverse("issued_letter", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_and_the_badge_come_before_the_letter(client, confirmed, headteacher):
    report = IssuedReport.objects.get(assessment=confirmed)
    page = letter_page(client, headteacher, report)
    letter = page.index('aria-label="The letter"')
    assert page.index('id="h-sharing"') < letter
    assert page.index(reverse("publish_letter", args=[report.pk])) < letter
    assert page.index('id="badge-snippet"') < letter


def test_the_badge_has_a_copy_button_from_a_script_of_our_own(client, confirmed, headteacher):
    report = IssuedReport.objects.get(assessment=confirmed)
    page = letter_page(client, headteacher, report)
    assert 'data-copy-from="badge-snippet"' in page
    assert 'role="status"' in page
    assert '<script src="/static/js/copy.js"></script>' in page
    assert "<script>" not in page  # nothing inline
    script = Path(finders.find("js/copy.js")).read_text(encoding="utf-8")
    assert "navigator.clipboard" in script and "button.hidden = false" in script


def test_the_headteachers_home_leads_to_publishing_for_each_issued_report(client, confirmed, headteacher):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(headteacher)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("issued_letter", args=[report.pk])}#sharing"' in home
    assert "Publish the letter or put its badge on your website" in home
    assert 'id="sharing"' in letter_page(client, headteacher, report)


def test_a_school_user_is_led_to_who_can_read_it(client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    school_user = HeadteacherFactory(role=Role.SCHOOL_USER, school=confirmed.school)
    client.force_login(school_user)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("issued_letter", args=[report.pk])}#sharing"' in home
    assert "Who can read the letter, and its badge" in home
    assert "Publish the letter" not in home
