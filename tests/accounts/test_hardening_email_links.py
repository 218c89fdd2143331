"""Every link in an email starts with SITE_URL, never with the Host header of the request that
caused it (issue 28, item 3): a password reset asked for with a forged Host still links to the
site. Runs on SQLite and PostgreSQL."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import AssessorFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_it_builds_the_password_reset_link_from_site_url_not_the_host_header(client, settings):
    settings.SITE_URL = "https://iqm.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    user = AssessorFactory(email="roger@example.org")
    response = client.post(reverse("password_reset"), {"email": user.email}, HTTP_HOST="evil.example.com")
    assert response.status_code == 302
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith("https://iqm.example.org/") for link in links)
    assert "evil.example.com" not in message.body


def test_no_email_template_builds_a_link_from_the_request():
    templates = [*ROOT.glob("templates/emails/**/*.*"), *ROOT.glob("templates/registration/*email*")]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text()
        assert "protocol" not in text and "domain" not in text, template
