"""The award cycle's pages in a browser: axe-core finds nothing on the director's and the
assessor's "Your week", on "Emails you get", or on the unsubscribe pages (asking, done, refused);
a box is unticked and saved with the keyboard. SQLite pass only (marked `browser`)."""

import datetime

import pytest
from django.urls import reverse

from assessments.kinds import VisitKind
from cycle.models import OptOut
from cycle.tokens import make_token
from tests.browser.conftest import axe_violations, sign_in
from tests.cycle.helpers import holding, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_digest_pages_have_no_axe_violations(page, live_server, lead, director, school):
    holding(school, VisitKind.COE_REVIEW, datetime.date.today() + datetime.timedelta(days=40))
    visit(school, datetime.date.today() - datetime.timedelta(days=20), lead_assessor=lead)
    for person in (director, lead):
        sign_in(page, live_server, person.username)
        page.goto(live_server.url + reverse("cycle_digest"))
        assert page.locator("h1").inner_text() == "Your week"
        assert axe_violations(page) == []
        page.context.clear_cookies()


def test_the_preferences_are_saved_with_the_keyboard(page, live_server, headteacher):
    from playwright.sync_api import expect

    sign_in(page, live_server, headteacher.username)
    page.get_by_role("link", name="Your account").click()
    assert page.locator("h1").inner_text() == "Your account"
    assert axe_violations(page) == []
    page.get_by_role("link", name="Emails you get").click()
    assert axe_violations(page) == []
    box = page.get_by_label("The school's award running out")
    box.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save my choices").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Your choices are saved.")
    assert list(OptOut.objects.values_list("category", flat=True)) == ["reminder:award_expiry"]
    assert axe_violations(page) == []


def test_the_unsubscribe_pages_have_no_axe_violations(page, live_server, headteacher):
    from playwright.sync_api import expect

    category = "reminder:self_evaluation"
    url = reverse(
        "cycle_unsubscribe",
        kwargs={
            "user_id": headteacher.pk,
            "category": category,
            "token": make_token(headteacher.pk, category),
        },
    )
    page.goto(live_server.url + url)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.locator("h1")).to_have_text("Emails stopped")
    assert axe_violations(page) == []
    page.goto(live_server.url + url.replace(make_token(headteacher.pk, category), "tampered"))
    expect(page.locator("h1")).to_have_text("This link does not work")
    assert axe_violations(page) == []


def test_the_award_reminders_page_has_no_axe_violations(page, live_server, director):
    from playwright.sync_api import expect

    sign_in(page, live_server, director.username)
    page.goto(live_server.url + reverse("cycle_expiry_notices"))
    assert axe_violations(page) == []
    page.get_by_label("Award level").select_option(label="Centre of Excellence")
    page.get_by_label("Months before it runs out (0: when it has lapsed)").fill("1")
    page.get_by_role("button", name="Add the reminder").click()
    expect(page.locator(".alert-danger")).to_contain_text("already has a reminder 1 month before")
    assert axe_violations(page) == []
