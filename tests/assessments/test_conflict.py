"""Two people editing the same text: the second save is refused, both texts are shown side by
side, the second person's text stays in their form, and nothing is overwritten silently."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments import editing
from assessments.models import Assessment, Finding, StatementKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(lead, co_assessor):
    first, second = Client(), Client()
    first.force_login(lead)
    second.force_login(co_assessor)
    return first, second


def version_on(page: str, name: str = "version") -> int:
    return int(re.search(rf'name="{name}" value="(\d+)"', page).group(1))


def narrative(assessment, number):
    return Finding.objects.get(assessment=assessment, element__number=number).narrative


def test_the_second_of_two_editors_of_one_element_gets_both_texts_side_by_side(two, complete_draft):
    first, second = two
    url = reverse("assessment_element", args=[complete_draft.pk, 5])
    seen_first = version_on(first.get(url).content.decode())
    seen_second = version_on(second.get(url).content.decode())
    assert seen_first == seen_second

    assert (
        first.post(url, {"version": seen_first, "narrative": "Roger's account of the building."}).status_code
        == 302
    )
    response = second.post(url, {"version": seen_second, "narrative": "Cora's account & <notes>."})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this while you were editing" in html
    assert "Roger Yates saved a newer version" in html
    yours = html.index("Your narrative")
    theirs = html.index("The newer narrative")
    assert yours < html.index("Cora&#x27;s account &amp; &lt;notes&gt;.") < theirs
    assert theirs < html.index("Roger&#x27;s account of the building.")
    # The second editor's text is still in the form, which now names the newer version.
    assert "Cora&#x27;s account &amp; &lt;notes&gt;.</textarea>" in html
    assert version_on(html) == seen_first + 1
    assert narrative(complete_draft, 5) == "Roger's account of the building."

    # After merging, saving again goes through.
    merged = "Roger's account of the building. Cora's account & <notes>."
    assert second.post(url, {"version": version_on(html), "narrative": merged}).status_code == 302
    assert narrative(complete_draft, 5) == merged


def test_an_autosave_and_a_stale_form_conflict_too(two, draft):
    first, second = two
    page = reverse("assessment_element", args=[draft.pk, 1])
    autosave = reverse("assessment_element_autosave", args=[draft.pk, 1])
    first.post(autosave, {"field": "narrative", "narrative": "Autosaved words.", "version": 0})
    response = second.post(page, {"version": 0, "narrative": "Typed without seeing it."})
    assert response.status_code == 409
    assert b"Autosaved words." in response.content
    assert narrative(draft, 1) == "Autosaved words."


def test_edits_of_different_parts_started_together_both_land(two, complete_draft):
    first, second = two
    url = reverse("assessment_element", args=[complete_draft.pk, 4])
    Finding.objects.get(assessment=complete_draft, element__number=4).statements.filter(kind="area").delete()
    finding = Finding.objects.get(assessment=complete_draft, element__number=4)
    start = finding.version
    first.post(url, {"version": start, "narrative": "A new narrative."})
    response = second.post(
        url, {"version": start, "narrative": finding.narrative, "no_significant_areas": "on"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.narrative, finding.no_significant_areas) == ("A new narrative.", True)


def test_two_editors_of_the_summary_and_the_context_do_not_conflict(two, draft):
    first, second = two
    start = draft.version
    first.post(reverse("assessment_section", args=[draft.pk, "summary"]), {"version": start, "summary": "S."})
    response = second.post(
        reverse("assessment_section", args=[draft.pk, "context"]), {"version": start, "context": "C."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.context) == ("S.", "C.")


def test_two_editors_of_the_summary_conflict(two, draft):
    first, second = two
    url = reverse("assessment_section", args=[draft.pk, "summary"])
    start = draft.version
    first.post(url, {"version": start, "summary": "First."})
    response = second.post(url, {"version": start, "summary": "Second."})
    assert response.status_code == 409
    assert b"Your summary" in response.content and b"The newer summary" in response.content
    assert Assessment.objects.get(pk=draft.pk).summary == "First."


def test_two_editors_of_one_list_item_conflict(two, draft, lead):
    first, second = two
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.MINOR_AREA, text="Original.")
    url = reverse("statement_edit", args=[draft.pk, item.pk])
    htmx = {"HX-Request": "true"}
    first.post(
        url, {f"item-{item.pk}-text": "First's rewording.", f"item-{item.pk}-version": 1}, headers=htmx
    )
    response = second.post(
        url, {f"item-{item.pk}-text": "Second's rewording.", f"item-{item.pk}-version": 1}, headers=htmx
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "First&#x27;s rewording." in html
    assert "Second&#x27;s rewording.</textarea>" in html
    assert version_on(html, f"item-{item.pk}-version") == 2
    item.refresh_from_db()
    assert item.text == "First's rewording."


def test_the_conflict_page_offers_to_discard_and_reload(two, draft):
    first, second = two
    url = reverse("assessment_section", args=[draft.pk, "evidence"])
    first.post(url, {"version": draft.version, "evidence": "One."})
    response = second.post(url, {"version": draft.version, "evidence": "Two."})
    assert f'href="{url}">Discard my text'.encode() in response.content
