"""The statement library from a list's new item, with the keyboard alone: type in the combobox,
Down to a statement, Enter copies it into the field, Tab to Add and Enter adds it; the use is
counted. Escape closes the list. axe finds nothing on the editor page with the combobox open,
on the search page without a script, or on the directors' library pages. SQLite pass only
(marked `browser`)."""

import pytest
from django.urls import reverse

from assessments.models import Statement, StatementKind
from library import services
from library.models import LibraryStatement
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_assessor_inserts_a_statement_with_the_keyboard_alone(page, live_server, lead, director, draft):
    from playwright.sync_api import expect

    services.statement_add(
        by=director, kind="strength", text="Pupils' behaviour around the school is exemplary."
    )
    services.statement_add(
        by=director, kind="strength", text="Behaviour is managed consistently by all staff."
    )
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 2]))
    combobox = page.locator("#library-strength-q")
    expect(combobox).to_be_visible()  # the script shows it (the link without a script is hidden)
    combobox.focus()
    page.keyboard.type("behav")
    options = page.locator("#library-strength-options [role=option]")
    expect(options).to_have_count(2)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    assert axe_violations(page) == []

    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")  # opens the list again
    expect(combobox).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    chosen = first.inner_text()
    assert combobox.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Enter")

    field = page.locator("#id_strength-add-text")
    expect(field).to_be_focused()
    expect(field).to_have_value(chosen)
    page.keyboard.type(" It is calm.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#list-strength .item-text")).to_have_text([f"{chosen} It is calm."])
    assert Statement.objects.filter(
        assessment=draft, kind=StatementKind.STRENGTH, text=f"{chosen} It is calm."
    ).exists()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement !== document.body", timeout=5000
    )
    assert LibraryStatement.objects.get(text=chosen).uses == 1


def test_punctuation_alone_says_so(page, live_server, lead, draft):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, "key_successes"]))
    page.locator("#library-key_success-q").fill("?!")
    expect(page.locator("[data-library-message]")).to_have_text(
        "Type a word to search for: punctuation alone matches nothing."
    )


def test_the_pages_without_a_script_and_the_directors_pages_have_no_axe_violations(
    browser, live_server, lead, director, draft
):
    statement = services.statement_add(
        by=director, kind="key_success", text="Safeguarding is rigorous.", themes="safeguarding"
    )
    search_url = (
        live_server.url + reverse("library_search", args=[draft.pk]) + "?kind=key_success&q=safeguarding"
    )
    # Without a script (axe-core is JavaScript, so it checks the same pages with one, below).
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, lead.username)
    page.goto(search_url)
    page.get_by_role("button", name="Insert statement 1").click()
    page.wait_for_load_state()
    assert Statement.objects.filter(assessment=draft, text="Safeguarding is rigorous.").exists()
    context.close()

    page = browser.new_page()
    sign_in(page, live_server, lead.username)
    for url in (search_url, live_server.url + reverse("assessment_overview", args=[draft.pk])):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.close()

    page = browser.new_page()
    sign_in(page, live_server, director.username)
    for url in (
        reverse("library_statement_list"),
        reverse("library_statement_add"),
        reverse("library_statement_edit", args=[statement.pk]),
        reverse("library_suggestion_list"),
        reverse("library_word_list"),
    ):
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
    page.close()
