"""The editing service refuses to change an element of a submitted or confirmed assessment: its
narrative, its "no significant areas" mark and its lists, with the reason, changing nothing
(assessments.editing)."""

import pytest

from assessments import editing
from assessments.editing import ReadOnlyError
from assessments.models import Finding, StatementKind

pytestmark = pytest.mark.django_db


def element_finding(assessment, number=1) -> Finding:
    return Finding.objects.get(assessment=assessment, element__number=number)


def test_it_refuses_a_confirmed_assessments_element_narrative(confirmed, lead):
    finding = element_finding(confirmed)
    with pytest.raises(ReadOnlyError, match="is confirmed and its report issued"):
        editing.finding_save(
            assessment=confirmed,
            by=lead,
            element=finding.element,
            values={"narrative": "Rewritten after the letter was issued."},
            version=finding.version,
        )
    after = element_finding(confirmed)
    assert (after.narrative, after.version) == (finding.narrative, finding.version)


def test_it_refuses_a_confirmed_assessments_narrative_saved_from_version_0(confirmed, lead):
    # Version 0 is an editor opened before the element had a finding: refused all the same.
    finding = element_finding(confirmed)
    finding_count = Finding.objects.filter(assessment=confirmed).count()
    with pytest.raises(ReadOnlyError, match="is confirmed"):
        editing.finding_save(
            assessment=confirmed, by=lead, element=finding.element, values={"narrative": "New."}, version=0
        )
    assert Finding.objects.filter(assessment=confirmed).count() == finding_count
    assert element_finding(confirmed).narrative == finding.narrative


def test_it_refuses_a_confirmed_assessments_no_significant_areas_mark(confirmed, lead):
    finding = element_finding(confirmed)
    with pytest.raises(ReadOnlyError, match="is confirmed"):
        editing.finding_save(
            assessment=confirmed,
            by=lead,
            element=finding.element,
            values={"no_significant_areas": True},
            version=finding.version,
        )
    assert element_finding(confirmed).no_significant_areas is False


def test_it_refuses_a_submitted_assessments_element_narrative(submitted, lead):
    finding = element_finding(submitted)
    with pytest.raises(ReadOnlyError, match="submitted for confirmation"):
        editing.finding_save(
            assessment=submitted,
            by=lead,
            element=finding.element,
            values={"narrative": "Changed while it waits."},
            version=finding.version,
        )
    assert element_finding(submitted).narrative == finding.narrative


def test_it_refuses_a_new_strength_for_a_confirmed_assessments_element(confirmed, lead):
    finding = element_finding(confirmed)
    count = finding.statements.count()
    with pytest.raises(ReadOnlyError, match="is confirmed"):
        editing.statement_add(
            assessment=confirmed, by=lead, kind=StatementKind.STRENGTH, text="New.", element=finding.element
        )
    assert finding.statements.count() == count
