"""The editor in a real browser (Chromium through Playwright, at phone width): autosave and its
"Saved at" line, the conflict panel, text kept across an expired session, and lists edited
without reloading the page. SQLite pass only (marked `browser`)."""

import pytest
from django.urls import reverse

from assessments import editing
from assessments.models import Assessment, Finding, Statement, StatementKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def phone(browser, live_server, lead):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    sign_in(page, live_server.url, lead)
    yield page
    context.close()


def sign_in(page, base: str, user, next_path: str = "/") -> None:
    page.goto(f"{base}{reverse('login')}?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_it_autosaves_as_the_assessor_types_and_says_when(phone, live_server, draft):
    page = phone
    from playwright.sync_api import expect

    page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, "summary"]))
    page.fill("#id_summary", "Typed on a phone 😀, saved without pressing anything.")
    expect(page.locator("#autosave-status-summary")).to_contain_text("Saved at", timeout=10_000)
    saved = Assessment.objects.get(pk=draft.pk)
    assert saved.summary == "Typed on a phone 😀, saved without pressing anything."
    assert page.locator("#section-form input[name=version]").input_value() == str(saved.version)
    assert page.errors == []


def test_it_shows_the_conflict_panel_and_saves_the_merge(phone, live_server, draft, co_assessor):
    page = phone
    from playwright.sync_api import expect

    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 3]))
    editing.finding_save(
        assessment=draft,
        by=co_assessor,
        element=draft.framework.elements.get(number=3),
        values={"narrative": "Cora's narrative."},
        version=0,
    )
    page.fill("#id_narrative", "Roger's narrative.")
    page.locator("#id_narrative").blur()
    panel = page.locator(".conflict-panel")
    expect(panel).to_be_visible(timeout=10_000)
    expect(panel).to_contain_text("Cora Assessor saved a newer version")
    expect(panel.locator("[data-conflict-yours=narrative]")).to_have_text("Roger's narrative.")
    expect(panel.locator("[data-conflict-theirs=narrative]")).to_have_text("Cora's narrative.")
    assert Finding.objects.get(assessment=draft, element__number=3).narrative == "Cora's narrative."

    page.fill("#id_narrative", "Cora's narrative. Roger's narrative.")
    page.click("[data-conflict-action=keep]")
    expect(page.locator("#autosave-status-narrative")).to_contain_text("Saved at", timeout=10_000)
    assert (
        Finding.objects.get(assessment=draft, element__number=3).narrative
        == "Cora's narrative. Roger's narrative."
    )


def test_it_keeps_text_typed_after_the_session_ended(phone, live_server, draft, lead):
    page = phone
    from playwright.sync_api import expect

    url = reverse("assessment_section", args=[draft.pk, "context"])
    page.goto(live_server.url + url)
    page.context.clear_cookies(name="sessionid")
    page.fill("#id_context", "An hour of notes, typed after the session ran out.")
    page.locator("#id_context").blur()
    expect(page.locator("#autosave-status-context")).to_contain_text("signed out", timeout=10_000)
    assert Assessment.objects.get(pk=draft.pk).context == ""

    sign_in(page, live_server.url, lead, next_path=url)
    expect(page.locator(".restored-banner")).to_contain_text("not saved yet")
    assert page.locator("#id_context").input_value() == "An hour of notes, typed after the session ran out."
    with page.expect_navigation():
        page.click("#section-form button:has-text('Save') >> nth=0")
    assert Assessment.objects.get(pk=draft.pk).context == "An hour of notes, typed after the session ran out."


def test_it_edits_lists_without_reloading_the_page(phone, live_server, draft):
    page = phone
    from playwright.sync_api import expect

    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 2]))
    page.evaluate("window.notReloaded = true")
    for text in ("First strength.", "Second strength."):
        page.fill("#id_strength-add-text", text)
        page.click("text=Add the strength")
        expect(page.locator("#list-strength")).to_contain_text(text)
    page.locator("#list-strength .statement-item").nth(1).locator("button[value=up]").click()
    expect(page.locator("#list-strength .item-text").first).to_have_text("Second strength.")
    page.locator("#list-strength .statement-item").first.locator("button:has-text('Delete')").click()
    expect(page.locator("#undo-strength")).to_be_visible()
    page.click("#undo-strength")
    expect(page.locator("#list-strength .item-text").first).to_have_text("Second strength.")
    assert page.evaluate("window.notReloaded") is True
    texts = Statement.objects.filter(assessment=draft, kind=StatementKind.STRENGTH).order_by("position")
    assert [item.text for item in texts] == ["Second strength.", "First strength."]
    assert page.errors == []
