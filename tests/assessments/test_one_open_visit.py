"""A school has one open visit at a time: scheduling a second while one is a draft, returned or
submitted is refused, naming the open one, unless the director gives a reason, which the
history records."""

import datetime

import pytest
from django.urls import reverse

from assessments import services
from assessments.kinds import VisitKind
from assessments.models import Assessment, Event, Framework, Status
from tests.factories import AssessmentFactory

VISIT = datetime.date(2027, 3, 10)


def schedule(school, lead, director, **extra):
    return services.assessment_schedule(
        school=school,
        framework=Framework.objects.get(is_current=True),
        kind=VisitKind.REASSESSMENT,
        visit_start=VISIT,
        visit_end=VISIT,
        lead_assessor=lead,
        by=director,
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Status.DRAFT, "still a draft"),
        (Status.RETURNED, "returned to its assessor"),
        (Status.SUBMITTED, "submitted for confirmation"),
    ],
)
def test_it_refuses_a_second_open_visit_naming_the_open_one(school, lead, director, status, words):
    AssessmentFactory(school=school, kind=VisitKind.REASSESSMENT, status=status)
    with pytest.raises(services.AwardRuleError) as refused:
        schedule(school, lead, director)
    message = str(refused.value)
    assert (
        f"{school.letter_name} already has an open visit: the IQM reassessment of 10–11 November 2026"
        in message
    )
    assert words in message
    assert "give a reason for the override" in message
    assert Assessment.objects.filter(school=school).count() == 1


@pytest.mark.django_db
def test_a_confirmed_visit_or_another_schools_open_one_does_not_stop_it(confirmed, other_school, director):
    AssessmentFactory(school=other_school, status=Status.DRAFT)
    assert schedule(confirmed.school, confirmed.lead_assessor, director).status == Status.DRAFT


@pytest.mark.django_db
def test_a_reason_overrides_it_and_the_history_keeps_it(school, lead, director):
    AssessmentFactory(school=school, status=Status.DRAFT)
    assessment = schedule(school, lead, director, override_reason="The draft is abandoned; the board agreed.")
    overridden = assessment.events.get(action=Event.Action.OVERRIDDEN)
    assert "already has an open visit" in overridden.comment
    assert "the board agreed" in overridden.comment


@pytest.mark.django_db
def test_the_schedule_page_names_the_open_visit_and_keeps_the_form(client, school, lead, director):
    AssessmentFactory(school=school, kind=VisitKind.REASSESSMENT, status=Status.DRAFT)
    client.force_login(director)
    data = {
        "school": school.pk,
        "framework": Framework.objects.get(is_current=True).pk,
        "kind": VisitKind.ASSESSMENT,
        "visit_start": "2027-03-10",
        "visit_end": "2027-03-10",
        "lead_assessor": lead.pk,
    }
    response = client.post(reverse("visit_schedule"), data)
    assert response.status_code == 200
    assert (
        "already has an open visit: the IQM reassessment of 10–11 November 2026" in response.content.decode()
    )
    assert Assessment.objects.filter(school=school).count() == 1
    response = client.post(reverse("visit_schedule"), {**data, "override_reason": "Agreed with the school."})
    assert response.status_code == 302
    assert Assessment.objects.filter(school=school).count() == 2
