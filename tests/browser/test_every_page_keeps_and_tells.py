"""Issue 26 in a real browser: nothing typed on a continuity page is lost when the assessor
moves on to the next item (each field saves itself, as on the element pages), and the element
page's statuses — the sidebar's mark, the still-to-do box, "Complete." — change with the edit
that changes them, without a reload. axe-core finds nothing on the pages afterwards. SQLite pass
only (marked `browser`)."""

import pytest
from django.urls import reverse

from assessments.models import Finding
from continuity import services
from continuity.models import CarriedItem, Target
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_continuity_pages import flagship  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def watched(page):
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def test_progress_typed_on_two_carried_items_is_all_kept(watched, live_server, lead, flagship):  # noqa: F811
    from playwright.sync_api import expect

    page = watched
    first, second = CarriedItem.objects.filter(assessment=flagship).order_by("source", "position")[:2]
    url = live_server.url + reverse("continuity_previous", args=[flagship.pk])
    sign_in(page, live_server, lead.username)
    page.goto(url)
    page.locator(f"#id_item-{first.pk}-progress_2").check()  # Partly met
    page.fill(f"#id_item-{first.pk}-comment", "Begun in two classes.")
    page.fill(f"#id_item-{second.pk}-comment", "Not started.")
    # Item 2's own Save, which used to throw item 1's words away.
    page.click(f"#save-{second.pk}")
    expect(page.locator(f"#carried-{second.pk} .alert-success")).to_contain_text("Saved the progress")
    expect(page.locator(f"#autosave-status-item-{first.pk}-comment")).to_contain_text("Saved at")
    page.goto(live_server.url + reverse("assessment_overview", args=[flagship.pk]))
    page.goto(url)
    expect(page.locator(f"#id_item-{first.pk}-comment")).to_have_value("Begun in two classes.")
    expect(page.locator(f"#id_item-{first.pk}-progress_2")).to_be_checked()
    expect(page.locator(f"#id_item-{second.pk}-comment")).to_have_value("Not started.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.progress, first.comment, second.comment) == (
        "partly_met",
        "Begun in two classes.",
        "Not started.",
    )
    assert axe_violations(page) == []
    assert page.errors == []


def settled(page, field: str) -> None:
    """Wait until the form htmx swapped in is on the page and settled: the editor then puts the
    focus in it (static/js/editor.js, htmx:afterSettle), and a fill begun before that would be
    typed where the focus lands, as a person typing that fast would."""
    from playwright.sync_api import expect

    expect(page.locator(field)).to_be_visible()
    expect(page.locator("[data-focus]")).to_have_count(0)


def test_a_target_being_edited_is_kept_when_the_next_is_opened(watched, live_server, lead, flagship):  # noqa: F811
    from playwright.sync_api import expect

    page = watched
    one = services.target_add(assessment=flagship, by=lead, text="Open a hub.")
    two = services.target_add(assessment=flagship, by=lead, text="Train staff.")
    url = live_server.url + reverse("continuity_targets", args=[flagship.pk])
    sign_in(page, live_server, lead.username)
    page.goto(url)
    page.click(f"#edit-targets-{one.pk}")
    settled(page, f"#id_targets-{one.pk}-lead")
    page.fill(f"#id_targets-{one.pk}-lead", "Ms Reid")
    page.click(f"#edit-targets-{two.pk}")  # moving on: the first target's form goes away
    settled(page, f"#id_targets-{two.pk}-by_when")
    page.fill(f"#id_targets-{two.pk}-by_when", "July 2027")
    page.locator(f"#id_targets-{two.pk}-by_when").blur()
    expect(page.locator(f"#autosave-status-targets-{two.pk}-by_when")).to_contain_text("Saved at")
    page.goto(url)
    expect(page.locator("#rows-targets")).to_contain_text("Led by: Ms Reid")
    expect(page.locator("#rows-targets")).to_contain_text("by when: July 2027")
    assert Target.objects.get(pk=one.pk).lead == "Ms Reid"
    assert Target.objects.get(pk=two.pk).by_when == "July 2027"
    assert page.errors == []


def test_the_sidebar_and_the_box_follow_the_lists_without_a_reload(watched, live_server, lead, draft):
    from playwright.sync_api import expect

    page = watched
    element = draft.framework.elements.get(number=2)
    Finding.objects.create(assessment=draft, element=element, narrative="Pupils are known well.")
    url = reverse("assessment_element", args=[draft.pk, 2])
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + url)
    mark = page.locator(f'#pages-nav li:has(a[href="{url}"])')
    expect(mark).to_contain_text("(still to do)")
    expect(page.locator("#still-to-do")).to_contain_text("No strengths yet")
    page.fill("#id_strength-add-text", "Every pupil has a key adult.")
    page.get_by_role("button", name="Add the strength").click()
    expect(page.locator("#list-strength .item-text")).to_have_text(["Every pupil has a key adult."])
    expect(page.locator("#still-to-do")).not_to_contain_text("No strengths yet")
    expect(mark).to_contain_text("(still to do)")
    page.fill("#id_area-add-text", "Share the plans with parents.")
    page.get_by_role("button", name="Add the area for development").click()
    expect(page.locator("#list-area .item-text")).to_have_text(["Share the plans with parents."])
    expect(mark).to_contain_text("(complete)")
    expect(page.locator("#still-to-do")).to_have_text("")
    expect(page.locator("#element-complete")).to_have_text("Complete.")
    assert axe_violations(page) == []
    assert page.errors == []


def test_submitting_asks_first_by_keyboard_and_the_page_passes_axe(
    watched, live_server, lead, complete_draft
):
    from playwright.sync_api import expect

    from assessments.models import Assessment, Status

    page = watched
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_overview", args=[complete_draft.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for confirmation").click()
    box = page.get_by_label("I have read the letter; submitting locks it")
    expect(box).not_to_be_checked()
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.DRAFT
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for confirmation").click()
    expect(page.locator("#confirm-read-error")).to_be_focused()
    assert axe_violations(page) == []
    page.get_by_label("I have read the letter; submitting locks it").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the letter preview's link, to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.SUBMITTED
