"""The editor's pages pass axe-core's accessibility checks at phone width, including with an
error summary, a conflict panel and a refused submission on screen. SQLite pass only."""

import pytest
from django.urls import reverse

from assessments import editing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(browser, live_server, lead):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", lead.username)
    page.fill("#id_password", "correct horse battery staple")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    yield page
    context.close()


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in result.response["violations"]]


def test_the_pages_of_the_editor_have_no_violations(phone, live_server, draft):
    page = phone
    paths = [
        reverse("home"),
        reverse("assessment_overview", args=[draft.pk]),
        reverse("assessment_section", args=[draft.pk, "details"]),
        reverse("assessment_section", args=[draft.pk, "key_successes"]),
        reverse("assessment_section", args=[draft.pk, "outcome"]),
        reverse("assessment_element", args=[draft.pk, 1]),
        reverse("assessment_submit", args=[draft.pk]),
        reverse("letter_preview_html", args=[draft.pk]),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert violations(page) == [], path


def test_errors_and_conflicts_have_no_violations(phone, live_server, draft, co_assessor):
    page = phone
    page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, "details"]))
    page.fill("#id_visit_end", "2026-11-01")
    with page.expect_navigation():
        page.click("#section-form button:has-text('Save') >> nth=0")
    assert page.locator(".error-summary").is_visible()
    assert violations(page) == []

    page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, "summary"]))
    editing.assessment_section_save(
        assessment=draft,
        by=co_assessor,
        section="summary",
        values={"summary": "Newer."},
        version=draft.version,
    )
    page.fill("#id_summary", "Mine.")
    page.locator("#id_summary").blur()
    page.locator(".conflict-panel").wait_for(timeout=10_000)
    assert violations(page) == []

    page.goto(live_server.url + reverse("assessment_overview", args=[draft.pk]))
    with page.expect_navigation():
        page.click("main button:has-text('Submit for confirmation')")
    assert page.locator(".missing-parts").is_visible()
    assert violations(page) == []
