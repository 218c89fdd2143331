"""The element editor with the keyboard alone: Tab from the top of the page to the new-strength
field, type, Tab to the Add button and press Enter; the strength is added. Every Tab stop on
the way shows where the focus is. SQLite pass only (marked `browser`)."""

import pytest
from django.urls import reverse

from assessments.models import Statement, StatementKind
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {id: el.id, tag: el.tagName, text: (el.innerText || el.name || "").trim().slice(0, 60),
          visible: outline || shadow};
}"""


def tab_to(page, element_id: str, limit: int = 80) -> list[dict]:
    """Press Tab until the element has the focus; return every stop, each checked for a
    visible focus indicator."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        assert stop is not None, f"the focus left the page after {stops[-1:]}"
        stops.append(stop)
        assert stop["visible"], f"no visible focus on {stop}"
        if stop["id"] == element_id:
            return stops
    raise AssertionError(f"#{element_id} not reached in {limit} Tab presses: {stops}")


def test_a_strength_is_added_with_the_keyboard_alone_and_the_focus_is_always_visible(
    page, live_server, lead, draft
):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 2]))
    page.locator("body").focus()
    stops = tab_to(page, "id_strength-add-text")
    assert stops[0]["text"].lower().startswith("skip"), stops[0]

    page.keyboard.type("Added without the mouse.")
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUSED)
    assert button["text"] == "Add the strength" and button["visible"], button
    page.keyboard.press("Enter")
    expect(page.locator("#list-strength .item-text")).to_have_text(["Added without the mouse."])
    # The script puts the focus back once htmx has settled the new list.
    # A function, not an expression: the page's CSP forbids the eval an expression needs.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement !== document.body", timeout=5000
    )
    stop = page.evaluate(FOCUSED)
    assert stop is not None and stop["visible"], f"the focus was lost after adding: {stop}"
    assert Statement.objects.filter(
        assessment=draft, kind=StatementKind.STRENGTH, text="Added without the mouse."
    ).exists()

    # The new item's buttons are reachable and show their focus too.
    page.reload()
    stops = tab_to(page, "id_strength-add-text")
    assert any(stop["text"].startswith("Edit") for stop in stops), stops


def test_focus_stays_where_the_user_moved_it_while_an_item_was_saving(page, live_server, lead, draft):
    """Adding an item puts the focus back in the list once it is saved, unless the user has gone
    on to another field meanwhile: then the typing goes on there, not into the list."""
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 2]))
    held = []
    page.route("**/lists/strength/add/", lambda route: held.append(route))
    page.fill("#id_strength-add-text", "Saved while I typed elsewhere.")
    page.click("text=Add the strength")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the add request was not sent"
    page.click("#id_narrative")
    held[0].continue_()
    expect(page.locator("#list-strength .item-text")).to_have_text(["Saved while I typed elsewhere."])
    page.evaluate("() => new Promise((done) => setTimeout(done, 300))")  # past htmx's settle
    page.keyboard.type(" Still here.")
    assert page.evaluate("document.activeElement.id") == "id_narrative"
    assert page.input_value("#id_narrative").endswith(" Still here.")
    assert page.input_value("#id_strength-add-text") == ""
