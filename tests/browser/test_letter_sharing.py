"""The headteacher's home leads to the letter's sharing part, which opens at the top of the
letter's page (not under 5,000 pixels of letter); the badge's HTML is copied with one button,
which says so, under the app's CSP (its script is a file of our own). axe-core: no violation.
SQLite pass only."""

import pytest

from reports.models import IssuedReport
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_headteacher_goes_from_home_to_the_badge_and_copies_it(page, live_server, confirmed, headteacher):
    from playwright.sync_api import expect

    report = IssuedReport.objects.get(assessment=confirmed)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A script the CSP refused would say so on the console (a missing favicon is not our concern).
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and errors.append(message.text)
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, headteacher.username)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Publish the letter or put its badge on your website").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Sharing this letter")).to_be_visible()

    # Publishing sits above the letter, in the page's first screen.
    page.evaluate("window.scrollTo(0, 0)")
    save = page.get_by_role("button", name="Save the choice").bounding_box()
    letter = page.get_by_role("article", name="The letter").bounding_box()
    assert save["y"] < 900 and save["y"] < letter["y"]

    copy = page.get_by_role("button", name="Copy the HTML")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("#badge-snippet-status")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("The HTML to paste into your website").input_value()
    assert f"/verify/{report.verification_code}/badge.svg" in copied
    assert axe_violations(page) == []
    assert errors == []


def test_without_javascript_there_is_no_button_that_does_nothing(
    browser, live_server, confirmed, headteacher
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, headteacher.username)
    report = IssuedReport.objects.get(assessment=confirmed)
    page.goto(f"{live_server.url}/reports/issued/{report.pk}/letter/")
    assert page.get_by_label("The HTML to paste into your website").is_visible()
    assert not page.get_by_role("button", name="Copy the HTML").is_visible()
    context.close()
