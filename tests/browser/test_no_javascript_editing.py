"""The assessor's part of the journey with JavaScript switched off: sections saved, list items
added, moved and deleted, the "no significant areas" mark saved, and a submission refused with
the list of what is missing, all through plain form posts. (axe-core is JavaScript, so it cannot
run here; the same pages are checked with JavaScript on elsewhere.) SQLite pass only."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Assessment, Finding, Statement, StatementKind, Status
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO = json.loads(
    (Path(__file__).resolve().parents[2] / "assessments" / "demo" / "heath-2010.json").read_text(
        encoding="utf-8"
    )
)


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def post(page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_the_assessor_edits_and_submits_without_javascript(no_script, live_server, lead, draft):
    from playwright.sync_api import expect

    page = no_script
    sign_in(page, live_server, lead.username)

    for key in ("summary", "context"):
        page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, key]))
        page.fill(f"#id_{key}", DEMO[key])
        post(page, page.get_by_role("button", name="Save", exact=True))
        expect(page.locator(f"#id_{key}")).to_have_value(DEMO[key])
    saved = Assessment.objects.get(pk=draft.pk)
    assert (saved.summary, saved.context) == (DEMO["summary"], DEMO["context"])

    element = DEMO["elements"][3]  # Element 4: no significant areas for development
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 4]))
    page.fill("#id_narrative", element["narrative"])
    post(page, page.get_by_role("button", name="Save", exact=True))
    strengths = element["strengths"][:3]
    for text in [*strengths, "A strength typed by mistake."]:
        page.fill("#id_strength-add-text", text)
        post(page, page.get_by_role("button", name="Add the strength"))
    items = page.locator("#list-strength .item-text")
    expect(items).to_have_text([*strengths, "A strength typed by mistake."])

    post(page, page.get_by_role("button", name="Delete strength 4"))
    expect(items).to_have_text(strengths)
    post(page, page.get_by_role("button", name="Move strength 3 up"))
    expect(items).to_have_text([strengths[0], strengths[2], strengths[1]])
    post(page, page.get_by_role("button", name="Move strength 2 down"))
    expect(items).to_have_text(strengths)

    page.get_by_label("There are no significant areas for development.").check()
    post(page, page.get_by_role("button", name="Save the mark"))
    expect(page.locator("#list-area")).to_contain_text("There are no significant areas for development.")

    finding = Finding.objects.get(assessment=draft, element__number=4)
    assert finding.narrative == element["narrative"] and finding.no_significant_areas
    texts = Statement.objects.filter(finding=finding, kind=StatementKind.STRENGTH).order_by("position")
    assert [item.text for item in texts] == strengths

    page.goto(live_server.url + reverse("assessment_overview", args=[draft.pk]))
    post(page, page.get_by_role("button", name="Submit for confirmation"))
    missing = page.locator(".missing-parts")
    expect(missing).to_be_visible()
    expect(missing.get_by_role("link").first).to_be_visible()
    assert Assessment.objects.get(pk=draft.pk).status == Status.DRAFT
