"""Every element's areas for development reach the letter, the last element's as much as the
first's: in gather_context's values and in render_html's page, under the element's own heading
(reports.letter)."""

import html as html_module
import re

import pytest

from assessments.models import Statement, StatementKind
from reports import letter
from tests.reference import assert_in_order

pytestmark = pytest.mark.django_db


def page_text(html: str) -> str:
    """The page's text as a reader sees it: tags removed, entities decoded."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def distinct_areas(complete_draft):
    """The complete draft with two areas for development per element, each naming its element;
    returns {element number: [area texts]}."""
    wanted = {}
    for finding in complete_draft.findings.select_related("element"):
        number = finding.element.number
        texts = [f"Area one of element {number}.", f"Area two of element {number}."]
        finding.statements.filter(kind=StatementKind.AREA).delete()
        Statement.objects.bulk_create(
            Statement(assessment=complete_draft, finding=finding, kind=StatementKind.AREA, position=p, text=t)
            for p, t in enumerate(texts, start=1)
        )
        wanted[number] = texts
    return wanted


def test_it_gives_every_element_its_areas_including_the_last(complete_draft, distinct_areas):
    context = letter.gather_context(complete_draft, draft=False)
    got = {e.number: [item.text for item in e.areas] for e in context["elements"]}
    assert got == distinct_areas
    last = context["elements"][-1]
    assert last.number == max(distinct_areas)
    assert [item.text for item in last.areas] == distinct_areas[last.number]


def test_it_prints_the_last_elements_areas_under_its_heading(complete_draft, distinct_areas):
    context = letter.gather_context(complete_draft, draft=False)
    html = page_text(letter.render_html(context))
    for element in context["elements"]:
        assert_in_order(html, [element.heading, "Areas for development", *distinct_areas[element.number]])
    last = context["elements"][-1]
    assert_in_order(html, [last.heading, "Areas for development", *distinct_areas[last.number]])
    assert "None listed yet" not in html


def test_it_prints_the_reference_letters_last_element_areas(demo):
    last_finding = demo.findings.select_related("element").order_by("-element__number").first()
    areas = list(
        last_finding.statements.filter(kind=StatementKind.AREA)
        .order_by("position")
        .values_list("text", flat=True)
    )
    assert areas, "the reference's last element lists areas for development"
    context = letter.gather_context(demo, draft=False)
    last = context["elements"][-1]
    assert last.number == last_finding.element.number
    assert [letter.split_item(text) for text in areas] == last.areas
    html = page_text(letter.render_html(context))
    assert_in_order(html, [last.heading, "Areas for development", *(item.text for item in last.areas)])
