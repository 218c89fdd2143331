"""The award rules a kind of visit sets, enforced when a director schedules it: refused with a
message a director understands, or overridden with a reason the history records."""

import datetime

import pytest
from django.urls import reverse

from assessments import award_rules, services
from assessments.kinds import VisitKind
from assessments.models import Assessment, Event, Framework
from tests.awards import VISIT, award, schedule


@pytest.mark.django_db
def test_a_flagship_assessment_is_refused_for_a_school_that_never_held_an_award(school, lead, director):
    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    assert "A Flagship assessment needs the school to hold the Centre of Excellence award" in str(
        refused.value
    )
    assert "holds no current IQM award" in str(refused.value)
    assert not Assessment.objects.filter(school=school).exists()


@pytest.mark.django_db
def test_a_flagship_assessment_needs_three_years_as_a_centre_of_excellence(school, lead, director):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2024, 9, 1), 1)
    award(school, VisitKind.COE_REVIEW, datetime.date(2025, 9, 1), 1)
    with pytest.raises(services.AwardRuleError, match="at least 3 years as a Centre of Excellence"):
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)


@pytest.mark.django_db
def test_three_unbroken_years_as_a_centre_of_excellence_allow_a_flagship_assessment(school, lead, director):
    for year in (2023, 2024, 2025):
        award(school, VisitKind.COE_REVIEW, datetime.date(year, 9, 1), 1)
    assessment = schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    assert assessment.kind_id == VisitKind.FLAGSHIP_ASSESSMENT
    assert assessment.reassessment_years == 1


@pytest.mark.django_db
def test_a_break_in_the_years_starts_the_count_again(school):
    award(school, VisitKind.COE_REVIEW, datetime.date(2020, 9, 1), 1)  # lapsed September 2021
    award(school, VisitKind.COE_REVIEW, datetime.date(2024, 9, 1), 1)
    award(school, VisitKind.COE_REVIEW, datetime.date(2025, 9, 1), 1)
    from assessments import awards

    held = award_rules.held_since(awards.awards_for_school(school), rank=2, on=VISIT)
    assert held == (datetime.date(2024, 9, 1), datetime.date(2026, 9, 1))


@pytest.mark.django_db
def test_a_centre_of_excellence_review_needs_a_current_award(school, lead, director):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2024, 9, 1), 1)  # lapsed 2025
    with pytest.raises(services.AwardRuleError, match="Centre of Excellence review needs"):
        schedule(school, VisitKind.COE_REVIEW, lead, director)
    award(school, VisitKind.COE_REVIEW, datetime.date(2026, 1, 10), 1)
    assert schedule(school, VisitKind.COE_REVIEW, lead, director).kind_id == VisitKind.COE_REVIEW


@pytest.mark.django_db
def test_the_director_may_override_with_a_reason_the_history_shows(client, school, lead, director):
    assessment = schedule(
        school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director, override_reason="Moderated by the board."
    )
    event = Event.objects.get(assessment=assessment, action=Event.Action.OVERRIDDEN)
    assert event.by == director
    assert "Moderated by the board." in event.comment
    assert "needs the school to hold the Centre of Excellence award" in event.comment
    client.force_login(director)
    page = client.get(reverse("review_history", args=[assessment.pk])).content.decode()
    assert "Award rule overridden" in page
    assert "Moderated by the board." in page


@pytest.mark.django_db
def test_a_reason_of_spaces_is_no_override(school, lead, director):
    with pytest.raises(services.AwardRuleError):
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director, override_reason="   ")


@pytest.mark.django_db
def test_the_interval_defaults_from_the_kind(school, other_school, lead, director):
    # Another school: one school has one open visit at a time.
    assert schedule(other_school, VisitKind.ASSESSMENT, lead, director).reassessment_years == 3
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2026, 1, 10), 1)
    assert schedule(school, VisitKind.COE_REVIEW, lead, director).reassessment_years == 1


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_by_name(school, lead, director):
    with pytest.raises(services.WorkflowError, match="There is no kind of visit 'inspection'"):
        schedule(school, "inspection", lead, director)


@pytest.mark.django_db
def test_confirming_a_successful_visit_without_an_interval_is_refused(complete_draft, lead, director):
    services.assessment_submit(assessment=complete_draft, by=lead)
    Assessment.objects.filter(pk=complete_draft.pk).update(reassessment_years=None)
    with pytest.raises(services.WorkflowError, match="Set the years until the next reassessment"):
        services.assessment_confirm(assessment=complete_draft, by=director)
    complete_draft.refresh_from_db()
    assert complete_draft.status == "submitted"


@pytest.mark.django_db
def test_a_review_may_renew_the_inclusive_school_award_beneath_it(school):
    from assessments import awards

    award(school, VisitKind.COE_REVIEW, datetime.date(2026, 3, 1), 1, renews_lower_award=True)
    given = {(a.level, a.valid_until) for a in awards.awards_for_school(school)}
    assert given == {
        ("centre_of_excellence", datetime.date(2027, 3, 1)),
        ("inclusive_school", datetime.date(2029, 3, 1)),
    }
    # Once the Centre of Excellence lapses, the renewed Inclusive School Award is in force.
    assert awards.current_award(school, today=datetime.date(2028, 1, 1)).level == "inclusive_school"


@pytest.mark.django_db
def test_the_schedule_page_refuses_with_the_rule_and_keeps_the_form(client, school, lead, director):
    client.force_login(director)
    data = {
        "school": school.pk,
        "framework": Framework.objects.get(version="Eight elements").pk,
        "kind": VisitKind.FLAGSHIP_ASSESSMENT,
        "visit_start": "2026-09-14",
        "visit_end": "2026-09-14",
        "lead_assessor": lead.pk,
    }
    response = client.post(reverse("visit_schedule"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "needs the school to hold the Centre of Excellence award" in page
    assert not Assessment.objects.filter(school=school).exists()
    response = client.post(reverse("visit_schedule"), {**data, "override_reason": "Board decision 12/2026."})
    assert response.status_code == 302
    assert Event.objects.filter(action="overridden", comment__contains="Board decision 12/2026.").exists()


@pytest.mark.django_db
def test_the_schedule_page_suggests_the_renewal_the_award_calls_for(client, school, director):
    award(school, VisitKind.COE_REVIEW, datetime.date(2026, 3, 1), 1)
    client.force_login(director)
    page = client.get(reverse("visit_schedule") + f"?school={school.pk}").content.decode()
    assert 'value="coe_review" selected' in page


@pytest.mark.django_db
def test_it_says_which_award_ran_out_and_when_for_a_lapsed_centre_of_excellence(school, lead, director):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2025, 3, 3), 1)  # ran out 3 March 2026
    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    message = str(refused.value)
    assert "holds no current IQM award" not in message
    assert (
        f"{school.letter_name}'s Centre of Excellence award ran out on 3 March 2026, before the visit "
        "on 14 August 2026." in message
    )


@pytest.mark.django_db
def test_it_names_the_lower_award_held_beside_the_one_that_ran_out(school, lead, director):
    award(school, VisitKind.COE_ASSESSMENT, datetime.date(2025, 3, 3), 1)
    award(school, VisitKind.REASSESSMENT, datetime.date(2025, 6, 1), 3)
    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, VisitKind.FLAGSHIP_ASSESSMENT, lead, director)
    assert (
        f"{school.letter_name} holds the Inclusive School Award, but its Centre of Excellence award ran "
        "out on 3 March 2026, before the visit on 14 August 2026." in str(refused.value)
    )
