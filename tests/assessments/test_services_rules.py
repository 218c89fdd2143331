"""The workflow services at their edges (found by mutation testing, docs/testing.md)."""

import datetime

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


def test_the_open_visit_is_named_with_its_dates_or_as_not_yet_dated(school):
    from tests.factories import AssessmentFactory

    visit = AssessmentFactory(school=school, visit_start=None, visit_end=None)
    assert services.open_visit_problems(school) == [
        f"{school.letter_name} already has an open visit: the {visit.kind.name} (not yet dated), whose "
        "report is still a draft. A school has one open visit at a time."
    ]
    type(visit).objects.filter(pk=visit.pk).update(
        visit_start=datetime.date(2026, 11, 10), visit_end=datetime.date(2026, 11, 11)
    )
    assert services.open_visit_problems(school) == [
        f"{school.letter_name} already has an open visit: the {visit.kind.name} of 10–11 November 2026, whose "
        "report is still a draft. A school has one open visit at a time."
    ]


def test_a_correction_of_a_confirmed_visit_is_no_open_visit(confirmed, director):
    services.assessment_reopen(assessment=confirmed, by=director, reason="A typing error.")
    assert services.open_visit_problems(confirmed.school) == []
