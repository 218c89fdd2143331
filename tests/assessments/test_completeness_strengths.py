"""Every element needs at least one strength: areas for development do not stand in for one."""

import pytest

from assessments import services
from assessments.completeness import MissingPart, element_is_complete, missing_parts
from assessments.models import StatementKind


def without_strengths(assessment, number: int):
    """Delete the strengths of element `number`, keeping its areas; returns its finding."""
    finding = assessment.findings.get(element__number=number)
    finding.statements.filter(kind=StatementKind.STRENGTH).delete()
    assert finding.statements.filter(kind=StatementKind.AREA).exists()
    return finding


@pytest.mark.django_db
def test_it_lists_an_element_with_areas_but_no_strengths(complete_draft):
    finding = without_strengths(complete_draft, 3)
    element = finding.element
    assert missing_parts(complete_draft) == [
        MissingPart("element", f"Element 3 - {element.title}: no strengths yet", 3)
    ]


@pytest.mark.django_db
def test_it_marks_an_element_with_areas_but_no_strengths_incomplete(complete_draft):
    finding = without_strengths(complete_draft, 3)
    assert not element_is_complete(finding, list(finding.statements.all()))
    other = complete_draft.findings.get(element__number=2)
    assert element_is_complete(other, list(other.statements.all()))


@pytest.mark.django_db
def test_it_refuses_to_submit_an_element_with_areas_but_no_strengths(complete_draft, lead):
    without_strengths(complete_draft, 3)
    with pytest.raises(services.IncompleteAssessmentError, match="no strengths yet"):
        services.assessment_submit(assessment=complete_draft, by=lead)
    complete_draft.refresh_from_db()
    assert complete_draft.status == "draft"
