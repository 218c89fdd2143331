"""The workflow services at their edges (found by mutation testing, docs/testing.md)."""

import pytest

from assessments import services
from assessments.completeness import missing_parts
from assessments.models import Status

pytestmark = pytest.mark.django_db


def test_a_refused_submission_carries_every_missing_part_and_names_them(draft, lead):
    expected = [part.label for part in missing_parts(draft)]
    with pytest.raises(services.IncompleteAssessmentError) as caught:
        services.assessment_submit(assessment=draft, by=lead)
    assert [part.label for part in caught.value.missing] == expected and expected
    assert str(caught.value) == "The assessment is not complete: " + "; ".join(expected) + "."
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
