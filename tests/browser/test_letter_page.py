"""The issued letter's web page passes axe-core's WCAG 2.2 A and AA checks, for the headteacher
with the sharing controls and for the public once published, and prints as the letter alone.
SQLite pass only."""

import pytest

from reports.models import IssuedReport
from reports.publishing import set_published
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_letter_page_is_accessible_and_prints_as_the_letter(page, live_server, confirmed, headteacher):
    from playwright.sync_api import expect

    report = IssuedReport.objects.get(assessment=confirmed)
    sign_in(page, live_server, headteacher.username)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Read the letter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("letter to")
    expect(page.get_by_role("article", name="The letter")).to_contain_text("Element 1 - ")
    assert axe_violations(page) == []

    # The headteacher publishes it, with the keyboard.
    page.get_by_label("Anyone, at the letter's public address").check()
    page.get_by_role("button", name="Save the choice").press("Enter")
    expect(page.locator(".messages")).to_contain_text("The letter is published")
    assert axe_violations(page) == []

    page.emulate_media(media="print")
    assert page.get_by_role("article", name="The letter").is_visible()
    for hidden in ("body > header", "body > footer", "#h-sharing", "nav[aria-label=Breadcrumb]"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#h-verification").is_visible()
    page.emulate_media(media="screen")

    # Signed out, the public reads it at its address.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{report.verification_code}/letter/")
    expect(page.get_by_role("article", name="The letter")).to_contain_text("Element 1 - ")
    expect(page.get_by_role("link", name="Open the signed PDF of the letter")).to_be_visible()
    assert axe_violations(page) == []


def test_the_badge_is_an_image_with_its_text(page, live_server, confirmed, headteacher):
    report = IssuedReport.objects.get(assessment=confirmed)
    set_published(report, headteacher, True)
    response = page.goto(f"{live_server.url}/verify/{report.verification_code}/badge.svg")
    assert response.status == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert "Inclusion Quality Mark" in page.locator("svg title").text_content()
