"""The public verification page passes axe-core's WCAG 2.2 A and AA checks, signed out, as it
opens and after an upload is checked; so does /verify/, where the code is typed, with and without
its message. SQLite pass only."""

import pytest

from reports.models import IssuedReport
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_verification_page_and_its_answer_are_accessible(page, live_server, confirmed, tmp_path):
    from playwright.sync_api import expect

    report = IssuedReport.objects.get(assessment=confirmed)
    page.goto(f"{live_server.url}/verify/{report.verification_code}/")
    expect(page.locator("main")).to_contain_text("Current.")
    assert axe_violations(page) == []
    not_a_pdf = tmp_path / "letter.pdf"
    not_a_pdf.write_bytes(b"not a pdf")
    page.set_input_files("#id_letter", str(not_a_pdf))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("main")).to_contain_text("Not the letter we issued.")
    assert axe_violations(page) == []


def test_the_page_for_typing_a_code_and_its_message_are_accessible(page, live_server, confirmed):
    from playwright.sync_api import expect

    code = IssuedReport.objects.get(assessment=confirmed).verification_code
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Verify a letter by its code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify an Inclusion Quality Mark letter")
    assert axe_violations(page) == []
    page.get_by_label("Verification code").fill("ABC")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#error-summary")).to_contain_text("is not one")
    expect(page.get_by_label("Verification code")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    page.get_by_label("Verification code").fill(f" {code[:5].lower()}-{code[5:].lower()} ")
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{live_server.url}/verify/{code}/")
    expect(page.locator("main")).to_contain_text("Current.")
