"""The edges of the award rules (assessments.award_rules): an award confirmed on the day of the
visit, a shorter award inside a longer one, the exact words of each refusal and prerequisite,
and the kind of visit suggested next. Written to kill the mutants mutmut found surviving
(docs/testing.md)."""

import datetime

import pytest

from assessments import award_rules, awards
from assessments.dates import add_years
from assessments.kinds import VisitKind
from tests.awards import VISIT, award

pytestmark = pytest.mark.django_db


def kind(code: str) -> VisitKind:
    return VisitKind.objects.select_related("requires_level").get(code=code)


def held(school, *, rank: int, on: datetime.date = VISIT):
    return award_rules.held_since(awards.awards_for_school(school), rank=rank, on=on)


def test_an_award_confirmed_on_the_day_of_the_visit_counts(school):
    award(school, VisitKind.COE_ASSESSMENT, VISIT, 1)
    assert held(school, rank=2) == (VISIT, add_years(VISIT, 1))
    assert award_rules.schedule_problems(school=school, kind=kind(VisitKind.COE_REVIEW), on=VISIT) == []


def test_a_shorter_award_inside_a_longer_one_does_not_shorten_the_run(school):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2023, 9, 1), 3)  # to 1 September 2026
    award(school, VisitKind.COE_REVIEW, datetime.date(2024, 9, 1), 1)  # to 1 September 2025
    award(school, VisitKind.COE_REVIEW, datetime.date(2026, 1, 10), 1)
    assert held(school, rank=2) == (datetime.date(2023, 9, 1), datetime.date(2027, 1, 10))


def test_the_refusal_names_the_school_the_day_and_the_award_it_holds_that_day(school):
    # Valid on the day of the visit, long run out by the day the test runs.
    award(school, VisitKind.ASSESSMENT, datetime.date(2020, 1, 10), 3)
    on = datetime.date(2022, 6, 1)
    assert award_rules.schedule_problems(school=school, kind=kind(VisitKind.COE_REVIEW), on=on) == [
        "A Centre of Excellence review needs the school to hold the Centre of Excellence award (or a "
        f"higher one) on the day of the visit, 1 June 2022; {school.letter_name} holds the Inclusive "
        "School Award."
    ]


def test_the_refusal_of_a_school_without_an_award_says_so(school):
    assert award_rules.schedule_problems(school=school, kind=kind(VisitKind.COE_REVIEW), on=VISIT) == [
        "A Centre of Excellence review needs the school to hold the Centre of Excellence award (or a "
        f"higher one) on the day of the visit, 14 August 2026; {school.letter_name} holds no current "
        "IQM award."
    ]


def test_the_refusal_for_too_few_years_says_since_when_and_until_when(school):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2024, 9, 1), 1)
    award(school, VisitKind.COE_REVIEW, datetime.date(2025, 9, 1), 1)
    problems = award_rules.schedule_problems(
        school=school, kind=kind(VisitKind.FLAGSHIP_ASSESSMENT), on=VISIT
    )
    assert problems == [
        f"A Flagship assessment needs at least 3 years as a Centre of Excellence; {school.letter_name} "
        "has held it since 1 September 2024, and its award runs to 1 September 2026."
    ]


def test_each_kind_states_its_prerequisite(db):
    assert award_rules.prerequisite(kind(VisitKind.FLAGSHIP_ASSESSMENT)) == (
        "A Flagship assessment needs the school to have held the Centre of Excellence award (or a "
        "higher one) for at least 3 years without a break."
    )
    assert award_rules.prerequisite(kind(VisitKind.COE_REVIEW)) == (
        "A Centre of Excellence review needs the school to hold a current Centre of Excellence award "
        "(or a higher one)."
    )
    assert award_rules.prerequisite(kind(VisitKind.ASSESSMENT)) == ""


def test_it_suggests_an_assessment_for_a_school_that_never_held_an_award(school):
    assert award_rules.suggested_kind(school, today=VISIT) == VisitKind.ASSESSMENT


def test_it_suggests_the_renewal_of_the_award_in_force(school):
    award(school, VisitKind.ASSESSMENT, datetime.date(2024, 1, 10), 3)  # to January 2027
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2025, 1, 10), 1)  # to January 2026
    assert award_rules.suggested_kind(school, today=datetime.date(2025, 6, 1)) == VisitKind.COE_REVIEW
    # Once the Centre of Excellence lapses, the Inclusive School Award in force is renewed by a
    # reassessment, whichever award is newest.
    assert award_rules.suggested_kind(school, today=datetime.date(2026, 6, 1)) == VisitKind.REASSESSMENT


def test_it_suggests_the_renewal_of_the_latest_award_once_all_have_run_out(school):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2020, 1, 10), 1)
    assert award_rules.suggested_kind(school, today=VISIT) == VisitKind.COE_REVIEW


def test_it_suggests_no_kind_that_is_no_longer_offered(school):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2026, 1, 10), 1)
    VisitKind.objects.filter(code=VisitKind.COE_REVIEW).update(active=False)
    assert award_rules.suggested_kind(school, today=VISIT) == VisitKind.REASSESSMENT


def test_it_suggests_from_the_award_in_force_today_by_default(school):
    today = datetime.date.today()
    award(school, VisitKind.ASSESSMENT, today - datetime.timedelta(days=400), 3)
    award(school, VisitKind.COE_ASSESSMENT, today - datetime.timedelta(days=30), 1)
    assert award_rules.suggested_kind(school) == VisitKind.COE_REVIEW


def test_an_award_already_called_an_award_is_not_called_an_award_award(school):
    award(school, VisitKind.REASSESSMENT, datetime.date(2023, 3, 3), 3)  # ran out 3 March 2026
    assert award_rules.schedule_problems(school=school, kind=kind(VisitKind.COE_ASSESSMENT), on=VISIT) == [
        "A Centre of Excellence assessment needs the school to hold the Inclusive School Award (or a higher "
        f"one) on the day of the visit, 14 August 2026; {school.letter_name}'s Inclusive School "
        "Award ran out on 3 March 2026, before the visit on 14 August 2026."
    ]
    assert award_rules.prerequisite(kind(VisitKind.COE_ASSESSMENT)) == (
        "A Centre of Excellence assessment needs the school to hold a current Inclusive School Award (or a "
        "higher one)."
    )


def test_the_award_that_ran_out_last_is_named_even_when_an_older_one(school):
    award(school, VisitKind.REASSESSMENT, datetime.date(2022, 1, 10), 3)  # ran out 10 January 2025
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2023, 6, 1), 1)  # ran out 1 June 2024
    (problem,) = award_rules.schedule_problems(school=school, kind=kind(VisitKind.COE_ASSESSMENT), on=VISIT)
    assert problem.endswith(
        f"{school.letter_name}'s Inclusive School Award ran out on 10 January 2025, before the visit on "
        "14 August 2026."
    )


def test_a_lower_award_that_ran_out_later_is_not_the_one_that_lapsed(school):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2024, 1, 10), 1)  # ran out 10 January 2025
    award(school, VisitKind.REASSESSMENT, datetime.date(2023, 3, 3), 3)  # ran out 3 March 2026
    (problem,) = award_rules.schedule_problems(
        school=school, kind=kind(VisitKind.FLAGSHIP_ASSESSMENT), on=VISIT
    )
    assert problem.endswith(
        f"{school.letter_name}'s Centre of Excellence award ran out on 10 January 2025, before the visit "
        "on 14 August 2026."
    )
