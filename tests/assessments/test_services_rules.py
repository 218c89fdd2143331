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


def test_a_refused_visit_carries_each_broken_award_rule(school, lead, director):
    from assessments.kinds import VisitKind
    from tests.awards import schedule

    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    problems = refused.value.problems
    assert problems and str(refused.value) == (
        " ".join(problems) + " To go ahead all the same, give a reason for the override."
    )
    assert any("A Flagship assessment needs" in problem for problem in problems)
