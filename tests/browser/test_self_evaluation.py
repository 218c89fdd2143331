"""The school's self-evaluation in a real browser: the headteacher opens it from the school's
home, types an element's evaluation (saved as they type), uploads a PDF and is refused an HTML
file, adds a link and submits; the lead assessor then sees the school's words and evidence
beside the element. axe-core checks every new page (WCAG 2.2 A and AA). Marked `browser`."""

import pytest
from django.urls import reverse

from selfeval.models import ElementEvaluation, Evidence, SelfEvaluation
from tests.browser.conftest import axe_violations, sign_in
from tests.evidence_files import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_the_school_writes_and_submits_and_the_assessor_reads_it(page, live_server, draft, headteacher, lead):
    from playwright.sync_api import expect

    found = []

    def axe(where: str) -> None:
        found.extend(f"{where}: {line}" for line in axe_violations(page))

    sign_in(page, live_server, headteacher.username)
    page.goto(live_server.url + reverse("home"))
    axe("school's home with a coming visit")
    with page.expect_navigation():
        page.get_by_role("link", name="Start the self-evaluation").click()
    axe("self-evaluation overview, not started")
    with page.expect_navigation():  # a GET never writes: the school starts it with a button
        page.get_by_role("button", name="Start the self-evaluation").click()
    axe("self-evaluation overview")
    with page.expect_navigation():
        page.get_by_role("link", name="Element 1 —").click()
    axe("self-evaluation element")

    text = "We track <every> pupil's progress & review it termly."
    page.get_by_label("The school's evaluation").fill(text)
    expect(page.locator(".autosave-status")).to_contain_text("Saved at", timeout=15000)
    row = ElementEvaluation.objects.get(self_evaluation__assessment=draft, element__number=1)
    assert row.text == text

    page.get_by_label("File").set_input_files(
        files=[{"name": "page.pdf", "mimeType": "application/pdf", "buffer": b"<html><script>x</script>"}]
    )
    click(page, "Upload")
    expect(page.locator("main")).to_contain_text("web page or markup")
    axe("self-evaluation element, a file refused")
    assert not Evidence.objects.exists()

    page.get_by_label("File").set_input_files(
        files=[{"name": "attendance.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.get_by_label("Title (optional)").first.fill("Attendance figures")
    click(page, "Upload")
    expect(page.locator(".evidence-list")).to_contain_text("Attendance figures")
    page.get_by_label("Web address").fill("https://example.org/inclusion")
    click(page, "Add the link")
    expect(page.locator(".evidence-list")).to_contain_text("https://example.org/inclusion")
    axe("self-evaluation element, with evidence")

    page.goto(live_server.url + reverse("selfeval_overview", args=[draft.pk]))
    page.get_by_label("It is ready").check()
    click(page, "Submit the self-evaluation")
    expect(page.locator("main")).to_contain_text("Submitted on")
    assert SelfEvaluation.objects.get(assessment=draft).is_submitted

    page.context.clear_cookies()
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 1]))
    panel = page.locator(".selfeval-panel")
    expect(panel).to_contain_text(text)
    expect(panel).to_contain_text("Attendance figures")
    axe("assessor's element page with the school's evaluation")
    with page.expect_download() as download:
        panel.get_by_role("link", name="Attendance figures").click()
    assert download.value.suggested_filename == "attendance.pdf"
    assert not found, "\n".join(found)
