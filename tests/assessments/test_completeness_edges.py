"""The edges of the completeness check (assessments.completeness): a themed section's heading,
and an element's areas for development as element_is_complete sees them. Written to kill the
mutants mutmut found surviving (docs/testing.md)."""

import datetime

import pytest

from assessments.completeness import MissingPart, element_is_complete, missing_parts
from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Finding, Framework, StatementKind
from assessments.sections import Section, quotation_add, section_add
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(school, lead):
    """A Flagship review reported in themed sections, not by element."""
    return AssessmentFactory(
        school=school,
        lead_assessor=lead,
        kind=VisitKind.FLAGSHIP_REVIEW,
        framework=Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements"),
        report_structure=ReportStructure.THEMED,
        visit_start=datetime.date(2026, 6, 9),
        visit_end=datetime.date(2026, 6, 9),
    )


def complete_themed(assessment, lead):
    """Everything a themed report needs: two sections with narratives, no element findings."""
    fill_complete(assessment)
    Finding.objects.filter(assessment=assessment).delete()
    section_add(assessment=assessment, by=lead, heading="Context", narrative="A small primary school.")
    section_add(assessment=assessment, by=lead, heading="Leadership", narrative="Leaders know pupils well.")
    return assessment


def test_a_section_heading_holding_todo_is_missing_with_its_place(themed, lead):
    complete_themed(themed, lead)
    Section.objects.filter(assessment=themed, position=2).update(heading="TODO a better heading")
    assert missing_parts(themed) == [
        MissingPart("sections", "Section 2 - TODO a better heading: the heading still holds TODO or XXX")
    ]


def test_a_blank_section_heading_is_missing_and_the_section_named_by_its_place(themed, lead):
    complete_themed(themed, lead)
    Section.objects.filter(assessment=themed, position=1).update(heading="  ")
    assert missing_parts(themed) == [MissingPart("sections", "Section 1: the heading is empty")]


def test_a_new_section_without_a_narrative_is_named_by_its_heading(themed, lead):
    complete_themed(themed, lead)
    section_add(assessment=themed, by=lead, heading="Community")
    assert missing_parts(themed) == [MissingPart("sections", "Section 3 - Community: the narrative is empty")]


def test_an_element_without_areas_is_complete_only_when_marked_no_significant_areas(complete_draft):
    finding = complete_draft.findings.get(element__number=1)
    strengths = list(finding.statements.filter(kind=StatementKind.STRENGTH))
    assert not element_is_complete(finding, strengths)
    finding.no_significant_areas = True
    assert element_is_complete(finding, strengths)


def test_an_element_with_strengths_and_areas_is_complete(complete_draft):
    finding = complete_draft.findings.get(element__number=1)
    assert element_is_complete(finding, list(finding.statements.all()))
    assert not element_is_complete(None, [])


def test_a_visit_with_only_one_of_its_dates_is_missing_its_dates(complete_draft):
    complete_draft.visit_end = None
    assert missing_parts(complete_draft) == [MissingPart("details", "The visit dates are missing")]
    complete_draft.visit_end, complete_draft.visit_start = complete_draft.visit_start, None
    assert missing_parts(complete_draft) == [MissingPart("details", "The visit dates are missing")]


def test_a_themed_report_without_sections_is_missing_them_in_its_sections_page(themed):
    fill_complete(themed)
    Finding.objects.filter(assessment=themed).delete()
    assert missing_parts(themed) == [MissingPart("sections", "The report has no sections yet")]


def test_a_quotation_holding_xxx_is_missing_with_its_section(themed, lead):
    complete_themed(themed, lead)
    section = Section.objects.get(assessment=themed, position=1)
    quotation_add(
        assessment=themed, by=lead, section_id=section.pk, text="XXX find the quote", attribution=""
    )
    assert missing_parts(themed) == [
        MissingPart("sections", "Section 1 - Context: a quotation still holds TODO or XXX")
    ]


@pytest.mark.parametrize(
    ("kind", "section", "label"),
    [
        (StatementKind.KEY_SUCCESS, "key_successes", "A key area of success still holds TODO or XXX"),
        (StatementKind.MINOR_AREA, "minor_areas", "A minor area for development still holds TODO or XXX"),
    ],
)
def test_an_assessments_own_list_item_holding_todo_is_missing_in_its_page(
    complete_draft, kind, section, label
):
    complete_draft.statements.filter(kind=kind).update(text="TODO: say what it is.")
    assert missing_parts(complete_draft) == [MissingPart(section, label)]


def test_a_successful_visit_without_an_interval_is_missing_it(complete_draft):
    complete_draft.reassessment_years = None
    assert missing_parts(complete_draft) == [
        MissingPart("outcome", "The number of years to the next visit is missing")
    ]
    complete_draft.outcome = "no"
    assert missing_parts(complete_draft) == []


def test_an_element_narrative_holding_xxx_is_missing_with_its_element(complete_draft):
    finding = complete_draft.findings.select_related("element").get(element__number=2)
    finding.narrative = "XXX to be written after the visit."
    finding.save()
    assert missing_parts(complete_draft) == [
        MissingPart(
            "element", f"Element 2 - {finding.element.title}: the narrative still holds TODO or XXX", 2
        )
    ]


def test_a_marker_is_the_whole_word_todo_or_xxx_in_capitals():
    from assessments.completeness import has_placeholder

    assert has_placeholder("Still TODO here.") and has_placeholder("XXX")
    assert not any(
        has_placeholder(text) for text in ("TODOS are listed.", "XXXL sizes.", "todo", "A to-do list.")
    )
