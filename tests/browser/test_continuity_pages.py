"""The continuity pages in a browser: progress on a carried area recorded with the keyboard
alone, a target added and moved with the mouse, and axe-core finds nothing on the three pages.
SQLite pass only (marked `browser`)."""

import pytest
from django.urls import reverse

from assessments.kinds import VisitKind
from continuity.models import CarriedItem, Target
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_keyboard_editor import FOCUSED, tab_to
from tests.continuity.test_continuity_pages import confirm, visit_of
from tests.factories import AssessmentFactory, fill_complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def flagship(school, lead, co_assessor, director):
    earlier = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT)
    Target.objects.create(assessment=earlier, position=1, text="Raise attendance.", lead="Ms Reid")
    fill_complete(earlier)
    return visit_of(VisitKind.FLAGSHIP_REVIEW, school, lead, co_assessor, confirm(earlier, director))


def test_progress_on_a_carried_area_is_recorded_with_the_keyboard_alone(page, live_server, lead, flagship):
    from playwright.sync_api import expect

    item = CarriedItem.objects.filter(assessment=flagship, source="area").order_by("position").first()
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("continuity_previous", args=[flagship.pk]))
    page.locator("body").focus()
    tab_to(page, f"id_item-{item.pk}-progress_1", limit=120)  # Met
    page.keyboard.press("ArrowRight")  # Partly met
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == f"id_item-{item.pk}-comment"
    page.keyboard.type("Begun in two classes.")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == f"save-{item.pk}"
    page.keyboard.press("Enter")
    expect(page.locator(f"#carried-{item.pk} .alert-success")).to_contain_text("Saved the progress")
    item.refresh_from_db()
    assert (item.progress, item.comment) == ("partly_met", "Begun in two classes.")
    expect(page.locator(f"#id_item-{item.pk}-progress_2")).to_be_checked()


def test_a_target_is_added_and_moved_with_the_mouse(page, live_server, lead, flagship):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("continuity_targets", args=[flagship.pk]))
    for text in ("Open a hub.", "Train staff."):
        page.locator("#id_targets-add-text").click()
        page.locator("#id_targets-add-text").fill(text)
        page.locator("#id_targets-add-lead").fill("Mr Khan")
        page.get_by_role("button", name="Add the target").click()
        expect(page.locator("#rows-targets .item-text").last).to_contain_text(text)
    second = Target.objects.get(assessment=flagship, text="Train staff.")
    page.locator(f"#up-targets-{second.pk}").click()
    expect(page.locator("#rows-targets .item-text").first).to_contain_text("Train staff.")
    texts = list(
        Target.objects.filter(assessment=flagship).order_by("position").values_list("text", flat=True)
    )
    assert texts == ["Train staff.", "Open a hub."]


def test_the_three_pages_have_no_accessibility_violations(page, live_server, lead, flagship):
    from continuity import services

    services.target_add(assessment=flagship, by=lead, text="A target.", lead="Ann", by_when="June")
    services.project_set(assessment=flagship, by=lead, title="Reading for pleasure")
    services.step_add(assessment=flagship, by=lead, step="Survey pupils.")
    sign_in(page, live_server, lead.username)
    for name in ("continuity_previous", "continuity_targets", "continuity_research"):
        page.goto(live_server.url + reverse(name, args=[flagship.pk]))
        assert axe_violations(page) == [], name
