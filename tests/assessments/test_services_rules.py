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


def test_a_decision_on_a_version_not_the_latest_is_refused_with_why(draft):
    services._check_seen(draft, draft.version)
    services._check_seen(draft, None)
    with pytest.raises(services.WorkflowError) as caught:
        services._check_seen(draft, draft.version - 1)
    assert str(caught.value) == (
        "The assessment has changed since you opened it. Read it again before you decide."
    )


def test_a_transition_moves_the_version_on_by_one(complete_draft, lead):
    from assessments.models import Assessment

    Assessment.objects.filter(pk=complete_draft.pk).update(version=7)
    complete_draft.refresh_from_db()
    assert services.assessment_submit(assessment=complete_draft, by=lead).version == 8
    # Its history event has no comment unless one is given.
    event = complete_draft.events.get(action="submitted")
    assert (event.from_status, event.to_status, event.by, event.comment) == (
        Status.DRAFT,
        Status.SUBMITTED,
        lead,
        "",
    )


def test_a_team_is_of_active_assessors_and_the_lead_is_no_co_assessor(lead, co_assessor, director):
    from tests.factories import AssessorFactory

    assert services._check_team(lead, iter([co_assessor])) == [co_assessor]
    retired = AssessorFactory(first_name="Rita", last_name="Retired", is_active=False)
    for person in (director, retired):
        with pytest.raises(services.WorkflowError) as caught:
            services._check_team(lead, [person])
        assert str(caught.value) == f"{person} is not an active assessor."
    with pytest.raises(services.WorkflowError) as caught:
        services._check_team(lead, [co_assessor, lead])
    assert str(caught.value) == "The lead assessor cannot also be a co-assessor."


def test_the_teams_history_comment_names_the_lead_and_each_co_assessor(lead, co_assessor, other_assessor):
    assert services._team_comment(lead, []) == f"Lead assessor: {lead}. Co-assessors: none."
    assert services._team_comment(lead, [co_assessor, other_assessor]) == (
        f"Lead assessor: {lead}. Co-assessors: {co_assessor}, {other_assessor}."
    )


@pytest.mark.parametrize(
    "status, words",
    [
        (Status.DRAFT, "still a draft"),
        (Status.RETURNED, "returned to its assessor"),
        (Status.SUBMITTED, "submitted for confirmation"),
    ],
)
def test_the_open_visit_is_named_with_its_state(school, status, words):
    from tests.factories import AssessmentFactory

    AssessmentFactory(school=school, status=status)
    (problem,) = services.open_visit_problems(school)
    assert f", whose report is {words}. A school has one open visit at a time." in problem


def test_the_latest_confirmed_visit_is_the_schools_latest_not_replaced(school, other_school, director):
    from django.utils import timezone

    from tests.factories import AssessmentFactory

    def visit(on, status=Status.CONFIRMED, at=school, **fields):
        if status == Status.CONFIRMED:
            fields.update(confirmed_by=director, confirmed_at=timezone.now())
        return AssessmentFactory(school=at, status=status, visit_start=on, visit_end=on, **fields)

    assert services.latest_confirmed(school) is None
    newer = visit(datetime.date(2025, 11, 10))
    visit(datetime.date(2024, 11, 10))  # made later, an older visit
    visit(datetime.date(2026, 11, 10), status=Status.DRAFT)
    visit(datetime.date(2026, 11, 10), at=other_school)
    assert services.latest_confirmed(school) == newer
    # A confirmed correction replaces it, even one whose corrected date is earlier.
    correction = visit(datetime.date(2025, 11, 3), revision_of=newer)
    assert services.latest_confirmed(school) == correction


@pytest.mark.parametrize(
    "field, label",
    [
        ("letter_date", "letter date"),
        ("visit_start", "first day of the visit"),
        ("visit_end", "last day of the visit"),
    ],
)
def test_a_letter_with_a_date_out_of_range_is_not_issued(field, label):
    from assessments import limits
    from assessments.models import Assessment

    services._check_dates_in_range(Assessment(letter_date=datetime.date(2026, 11, 20)))
    day = datetime.date(1800, 1, 1)
    with pytest.raises(services.WorkflowError) as caught:
        services._check_dates_in_range(Assessment(**{field: day}))
    assert str(caught.value) == (
        f"The {label} cannot be issued: {limits.date_problem(day)} Return the assessment so its "
        "assessors can correct it. Nothing was confirmed."
    )


def test_a_refusal_for_two_broken_award_rules_says_both_in_turn():
    refusal = services.AwardRuleError(["The school holds no award.", "The visit is too early."])
    assert str(refusal) == (
        "The school holds no award. The visit is too early. To go ahead all the same, give a reason "
        "for the override."
    )
