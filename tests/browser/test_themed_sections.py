"""The editor of a themed report in a browser: sections are added, renamed, reordered, deleted
and put back, and a quotation added, once with the mouse and once with the keyboard alone; the
Sections page and a section's page pass axe-core's WCAG 2.2 A and AA checks. SQLite pass only
(marked `browser`)."""

import datetime

import pytest
from django.urls import reverse

from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Framework
from assessments.sections import Quotation, Section, section_add
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_keyboard_editor import FOCUSED, tab_to
from tests.factories import AssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def themed(school, lead):
    return AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind=VisitKind.FLAGSHIP_REVIEW,
        framework=Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements"),
        report_structure=ReportStructure.THEMED,
        visit_start=datetime.date(2026, 6, 9),
        visit_end=datetime.date(2026, 6, 9),
    )


def headings(assessment) -> list[str]:
    return list(
        Section.objects.filter(assessment=assessment).order_by("position").values_list("heading", flat=True)
    )


def shown_headings(page) -> list[str]:
    return [
        text.strip() for text in page.locator("#themed-sections .themed-section-item h3 a").all_inner_texts()
    ]


def wait_for_focus(page, prefix: str = "") -> dict:
    """Wait until the script has put the focus back after htmx settled the new list (on an
    element whose id starts with `prefix`, if given); return where it is."""
    # A function, not an expression: the page's CSP forbids the eval an expression needs.
    page.wait_for_function(
        """(prefix) => {
          const el = document.activeElement;
          return el && el !== document.body && el.isConnected && el.id.startsWith(prefix);
        }""",
        arg=prefix,
        timeout=5000,
    )
    return page.evaluate(FOCUSED)


def shift_tab_to(page, element_id: str, limit: int = 40) -> None:
    """Press Shift+Tab until the element has the focus, each stop showing where the focus is."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        stop = page.evaluate(FOCUSED)
        assert stop is not None and stop["visible"], f"no visible focus after {stops[-1:]}"
        stops.append(stop)
        if stop["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} not reached in {limit} Shift+Tab presses: {stops}")


def test_sections_are_edited_with_the_mouse(page, live_server, lead, themed):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_overview", args=[themed.pk]))
    page.get_by_role("link", name="Themed sections").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Themed sections")

    for heading in ("Context", "Leadership"):
        page.get_by_label("Heading").fill(heading)
        page.get_by_role("button", name="Add the section").click()
        expect(page.locator(f"#themed-sections h3 a:text-is('{heading}')")).to_be_visible()
    assert headings(themed) == ["Context", "Leadership"]
    assert axe_violations(page) == []

    # Reorder: Leadership up.
    page.get_by_role("button", name="Move section 2, Leadership, up").click()
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["Leadership", "Context"])
    assert headings(themed) == ["Leadership", "Context"]

    # Rename, and add a quotation, on the section's own page.
    page.get_by_role("link", name="Edit section 2, Context").click()
    page.get_by_label("Heading").fill("The school's context")
    page.get_by_label("Narrative").fill("A small primary school.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The school's context")
    page.get_by_role("textbox", name="Quotation").fill("Everyone knows my name.")
    page.get_by_label("Who said it (optional)").fill("A pupil in Year 5")
    page.get_by_role("button", name="Add the quotation").click()
    expect(page.locator("#quotations .item-text")).to_contain_text(["Everyone knows my name."])
    assert list(Quotation.objects.filter(assessment=themed).values_list("text", flat=True)) == [
        "Everyone knows my name."
    ]
    assert axe_violations(page) == []

    # Delete, then undo.
    page.get_by_role("link", name="All the sections").click()
    page.get_by_role("button", name="Delete section 1, Leadership").click()
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["The school's context"])
    assert headings(themed) == ["The school's context"]
    page.get_by_role("button", name="Undo the deletion").click()
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(
        ["Leadership", "The school's context"]
    )
    assert headings(themed) == ["Leadership", "The school's context"]
    assert axe_violations(page) == []


def test_sections_are_edited_with_the_keyboard_alone(page, live_server, lead, themed):
    from playwright.sync_api import expect

    first = section_add(assessment=themed, by=lead, heading="Context", narrative="A small school.")
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_sections", args=[themed.pk]))
    page.locator("body").focus()

    # Add a section.
    tab_to(page, "id_section-add-heading")
    page.keyboard.type("Leadership")
    page.keyboard.press("Tab")
    page.keyboard.type("Leaders are ambitious.")
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUSED)
    assert button["text"] == "Add the section" and button["visible"], button
    page.keyboard.press("Enter")
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["Context", "Leadership"])
    assert wait_for_focus(page, "id_section-add-heading")["visible"]
    second = Section.objects.get(assessment=themed, heading="Leadership")

    # Move it up; the focus stays on its arrows. (Back from the add form, which had the focus.)
    shift_tab_to(page, f"up-section-{second.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["Leadership", "Context"])
    stop = wait_for_focus(page, f"down-section-{second.pk}")
    assert stop["visible"], stop
    assert headings(themed) == ["Leadership", "Context"]

    # Delete it, then undo (the focus goes to Undo).
    tab_to(page, f"delete-section-{second.pk}")
    page.keyboard.press("Enter")
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["Context"])
    stop = wait_for_focus(page, "undo-section")
    assert stop["visible"], stop
    page.keyboard.press("Enter")
    expect(page.locator("#themed-sections .themed-section-item h3 a")).to_have_text(["Leadership", "Context"])
    # The focus goes to the section put back.
    assert wait_for_focus(page, "open-section-")["text"] == "Leadership"
    assert headings(themed) == ["Leadership", "Context"]

    # Rename a section on its page: follow its link, change the heading, press Enter.
    tab_to(page, f"open-section-{first.pk}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("body").focus()
    tab_to(page, "id_heading")
    page.keyboard.press("Control+A")
    page.keyboard.type("The school's context")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The school's context")
    assert headings(themed) == ["Leadership", "The school's context"]

    # Add a quotation.
    page.locator("body").focus()
    tab_to(page, "id_quotation-add-text")
    page.keyboard.type("Everyone knows my name.")
    page.keyboard.press("Tab")
    page.keyboard.type("A pupil")
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUSED)
    assert button["text"] == "Add the quotation" and button["visible"], button
    page.keyboard.press("Enter")
    expect(page.locator("#quotations .item-text")).to_contain_text(["Everyone knows my name."])
    assert list(Quotation.objects.filter(section=first).values_list("text", "attribution")) == [
        ("Everyone knows my name.", "A pupil")
    ]
