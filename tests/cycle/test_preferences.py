"""Each person chooses the reminders and digests they get on a page of their own; each such
email's unsubscribe link works without signing in, asks before it changes anything (never a
write on GET), and refuses a link tampered with or reused for another person or category."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from assessments.kinds import VisitKind
from cycle.models import OptOut
from cycle.tokens import make_token, unsubscribe_url
from tests.cycle.helpers import holding, london, run_at
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db

AWARD = "reminder:award_expiry"


def url(user_id: int, category: str, token: str) -> str:
    return reverse("cycle_unsubscribe", kwargs={"user_id": user_id, "category": category, "token": token})


def test_the_preferences_page_offers_a_school_person_the_school_reminders(client, headteacher):
    client.force_login(headteacher)
    response = client.get(reverse("cycle_preferences"))
    assert "The school&#x27;s award running out" in response.text
    assert "weekly digest" not in response.text


def test_the_account_page_links_to_the_preferences(client, lead):
    client.force_login(lead)
    assert reverse("account") in client.get(reverse("home")).text
    assert reverse("cycle_preferences") in client.get(reverse("account")).text


def test_saving_the_preferences_turns_off_what_is_unticked(client, lead):
    client.force_login(lead)
    response = client.post(reverse("cycle_preferences"), {"receive": ["reminder:report_due"]})
    assert response.status_code == 302
    assert list(OptOut.objects.filter(user=lead).values_list("category", flat=True)) == ["digest:assessor"]
    client.post(reverse("cycle_preferences"), {"receive": ["reminder:report_due", "digest:assessor"]})
    assert not OptOut.objects.filter(user=lead).exists()


def test_a_category_the_person_cannot_get_is_refused_and_nothing_changes(client, lead):
    client.force_login(lead)
    response = client.post(reverse("cycle_preferences"), {"receive": ["digest:director"]})
    assert response.status_code == 200
    assert "Choose from the emails listed." in response.text
    assert not OptOut.objects.exists()


def test_the_preferences_page_needs_a_sign_in(client):
    assert client.get(reverse("cycle_preferences")).status_code == 302


def test_the_link_in_the_email_stops_that_reminder_without_signing_in(client, school):
    head = HeadteacherFactory(school=school)
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    run_at(london(2026, 11, 12))
    link = next(line for line in mail.outbox[0].body.splitlines() if "/unsubscribe/" in line)
    path = link.split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop these emails" in page.text
    assert not OptOut.objects.exists()  # a GET writes nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "Emails stopped" in done.text
    assert list(OptOut.objects.values_list("user", "category")) == [(head.pk, AWARD)]
    # The lapse reminder a month later is not sent to them.
    mail.outbox.clear()
    run_at(london(2026, 12, 12))
    assert [m for m in mail.outbox if m.to == [head.email]] == []


def test_a_tampered_token_is_refused(client, headteacher):
    token = make_token(headteacher.pk, AWARD)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    for method in (client.get, client.post):
        response = method(url(headteacher.pk, AWARD, tampered))
        assert response.status_code == 400
        assert "This link does not work" in response.text
    assert not OptOut.objects.exists()


def test_a_token_reused_for_another_person_is_refused(client, headteacher, other_headteacher):
    token = make_token(headteacher.pk, AWARD)
    response = client.post(url(other_headteacher.pk, AWARD, token))
    assert response.status_code == 400
    assert not OptOut.objects.exists()


def test_a_token_reused_for_another_category_is_refused(client, headteacher):
    token = make_token(headteacher.pk, AWARD)
    response = client.post(url(headteacher.pk, "reminder:self_evaluation", token))
    assert response.status_code == 400
    assert not OptOut.objects.exists()


def test_an_unknown_category_is_refused(client, headteacher):
    response = client.get(url(headteacher.pk, "work", make_token(headteacher.pk, "work")))
    assert response.status_code == 400


def test_the_link_is_a_full_address(headteacher, settings):
    settings.SITE_URL = "https://iqm.example.org"
    assert unsubscribe_url(headteacher.pk, AWARD).startswith("https://iqm.example.org/unsubscribe/")
