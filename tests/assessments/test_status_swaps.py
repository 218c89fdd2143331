"""Every status on an editor page changes with the edit that changes it (issue 26, item 2): an
htmx answer to a list's change swaps the sidebar, the still-to-do box and the element's
"Complete." out of band; an autosave's JSON carries them for editor.js."""

import pytest
from django.urls import reverse

from assessments.models import Finding

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def mark_of(html: str, url: str) -> str:
    """The sidebar's mark beside the page at `url`."""
    nav = html[html.index('id="pages-nav"') :]
    row = nav[nav.index(f'href="{url}"') :]
    return row[: row.index("</li>")]


@pytest.fixture
def narrated(draft):
    """Element 1 with its narrative written and nothing in its lists."""
    element = draft.framework.elements.get(number=1)
    Finding.objects.create(assessment=draft, element=element, narrative="Pupils make good progress.")
    return draft


def add(client, assessment, kind, text):
    url = reverse("element_statement_add", args=[assessment.pk, 1, kind])
    return client.post(url, {f"{kind}-add-text": text}, headers=HTMX).content.decode()


def test_adding_the_last_missing_item_swaps_the_sidebar_and_the_box(client, lead, narrated):
    client.force_login(lead)
    page = reverse("assessment_element", args=[narrated.pk, 1])
    html = client.get(page).content.decode()
    assert "(still to do)" in mark_of(html, page) and "no strengths yet" in html.lower()
    first = add(client, narrated, "strength", "Careful tracking.")
    assert 'id="pages-nav" aria-labelledby="pages-nav-title" data-hx-swap-oob="true"' in first
    assert "(still to do)" in mark_of(first, page)
    box = first[
        first.index('<div id="still-to-do" data-hx-swap-oob="true">') : first.index('id="element-complete"')
    ]
    assert "areas for development" in box and "strengths" not in box
    second = add(client, narrated, "area", "Share it with parents.")
    assert "(complete)" in mark_of(second, page)
    assert '<div id="still-to-do" data-hx-swap-oob="true"></div>' in second
    assert (
        '<span id="element-complete" data-hx-swap-oob="true"> <span class="done">Complete.</span></span>'
        in second
    )


def test_the_element_autosave_answers_with_the_status(client, lead, narrated):
    from assessments import editing

    finding = narrated.findings.get()
    editing.statement_add(assessment=narrated, by=lead, kind="strength", element=finding.element, text="A.")
    client.force_login(lead)
    url = reverse("assessment_element_autosave", args=[narrated.pk, 1])
    answer = client.post(
        url, {"field": "no_significant_areas", "no_significant_areas": "on", "version": finding.version}
    ).json()
    page = reverse("assessment_element", args=[narrated.pk, 1])
    assert "(complete)" in mark_of(answer["status"]["pages-nav"], page)
    assert "Still to do" not in answer["status"]["still-to-do"]
    assert "Complete." in answer["status"]["element-complete"]


def test_a_list_page_loses_its_empty_mark_with_its_first_item(client, lead, draft):
    client.force_login(lead)
    page = reverse("assessment_section", args=[draft.pk, "key_successes"])
    html = client.get(page).content.decode()
    assert 'id="still-to-do"' in html
    assert "(nothing in it yet)" in mark_of(html, page)
    url = reverse("statement_add", args=[draft.pk, "key_success"])
    answer = client.post(url, {"key_success-add-text": "Safeguarding."}, headers=HTMX).content.decode()
    assert '<div id="still-to-do" data-hx-swap-oob="true">' in answer
    assert "(complete)" in mark_of(answer, page)
