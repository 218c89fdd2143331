"""element_workspace (the element page's cheaper read: list items as tuples) gives the same
pages, marks, missing parts and lists as workspace_for (the full rule over model instances),
over elements in every state completeness knows."""

import pytest

from assessments.models import Assessment, Finding, Statement, StatementKind
from assessments.workspace import element_workspace, workspace_for
from tests.factories import fill_complete

pytestmark = pytest.mark.django_db


def _summary(workspace):
    pages = [
        (p.key, p.title, p.url, p.complete, p.empty, p.element_number, p.nav_label, p.missing)
        for p in workspace.pages
    ]
    elements = [
        (
            row.element.pk,
            row.finding.pk if row.finding else None,
            [(s.pk, s.text, s.version) for s in row.strengths],
            [(s.pk, s.text, s.version) for s in row.areas],
            row.complete,
            row.url,
        )
        for row in workspace.elements
    ]
    lists = {
        key: [(s.pk, s.text, s.version) for s in items] for key, items in workspace.lists.items() if items
    }
    return {
        "pages": pages,
        "elements": elements,
        "lists": lists,
        "missing": workspace.missing,
        "assigned": workspace.assigned,
        "editable": workspace.editable,
        "correcting": workspace.correcting,
        "links": workspace.links,
        "themed": workspace.themed,
    }


def _both(assessment_id, user):
    full = workspace_for(Assessment.objects.get(pk=assessment_id), user)
    cheap = element_workspace(Assessment.objects.get(pk=assessment_id), user)
    return _summary(full), _summary(cheap)


def _vary(draft) -> None:
    """Elements in every state: complete; no finding; an empty or blank narrative; a narrative or
    an item with TODO or XXX (and a word that merely contains the letters); no strengths; no
    areas, with and without the "no significant areas" mark; items out of position order."""
    findings = {
        f.element.number: f for f in Finding.objects.filter(assessment=draft).select_related("element")
    }
    findings[1].delete()
    Finding.objects.filter(pk=findings[2].pk).update(narrative="   \n ")
    Finding.objects.filter(pk=findings[3].pk).update(narrative="Still TODO here.")
    Finding.objects.filter(pk=findings[4].pk).update(narrative="A TODOS list is fine.")
    Statement.objects.filter(finding=findings[5], kind=StatementKind.STRENGTH).delete()
    Statement.objects.filter(finding=findings[6], kind=StatementKind.AREA).delete()
    Statement.objects.filter(finding=findings[7], kind=StatementKind.AREA).delete()
    Finding.objects.filter(pk=findings[7].pk).update(no_significant_areas=True)
    Statement.objects.filter(finding=findings[8], kind=StatementKind.STRENGTH).update(text="Check XXX later")
    Statement.objects.bulk_create(
        Statement(
            assessment=draft, finding=findings[9], kind=StatementKind.STRENGTH, position=p, text=f"S{p}"
        )
        for p in (5, 2, 9)
    )
    Statement.objects.filter(assessment=draft, kind=StatementKind.KEY_SUCCESS).update(text="XXX")


def test_it_agrees_with_workspace_for_on_a_complete_assessment(draft, lead):
    fill_complete(draft)
    full, cheap = _both(draft.pk, lead)
    assert cheap == full
    assert all(row[4] for row in full["elements"])


def test_it_agrees_with_workspace_for_over_elements_in_every_state(draft, lead, co_assessor, director):
    fill_complete(draft)
    _vary(draft)
    for user in (lead, co_assessor, director):
        full, cheap = _both(draft.pk, user)
        assert cheap == full
    marks = [row[4] for row in full["elements"]]
    assert True in marks and False in marks
    assert any(page[1] == "Key successes" or page[0] == "key_successes" for page in full["pages"])


def test_it_agrees_on_an_empty_draft(draft, lead):
    full, cheap = _both(draft.pk, lead)
    assert cheap == full
    assert not any(row[4] for row in full["elements"])


def test_its_section_pages_link_to_their_pages(draft, lead):
    from django.urls import reverse

    from assessments.editing import SECTIONS

    pages = {page.key: page.url for page in element_workspace(draft, lead).pages}
    for section in SECTIONS:
        assert pages[section.key] == reverse("assessment_section", args=[draft.pk, section.key])
