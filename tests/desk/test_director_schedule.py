"""A director schedules a visit: a school, a framework (the current one by default), the kind
of assessment, the dates, the lead and co-assessors, who are emailed."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Event, Framework, Status
from tests.factories import DirectorFactory, HeadteacherFactory


def form_data(school, lead, **changes):
    data = {
        "school": school.pk,
        "framework": Framework.objects.get(is_current=True).pk,
        "kind": "assessment",
        "visit_start": "2027-02-03",
        "visit_end": "2027-02-04",
        "lead_assessor": lead.pk,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_it_schedules_a_visit_and_opens_it(client, director, school, lead, co_assessor):
    client.force_login(director)
    response = client.post(reverse("visit_schedule"), form_data(school, lead, co_assessors=[co_assessor.pk]))
    assessment = Assessment.objects.get(school=school)
    assert response.status_code == 302
    assert response.url == reverse("review_assessment", args=[assessment.pk])
    assert assessment.status == Status.DRAFT
    assert assessment.framework.is_current
    assert (assessment.lead_assessor, list(assessment.co_assessors.all())) == (lead, [co_assessor])
    assert str(assessment.visit_start) == "2027-02-03"
    actions = list(assessment.events.values_list("action", "by"))
    assert actions == [(Event.Action.CREATED, director.pk), (Event.Action.ASSIGNED, director.pk)]
    assert Assessment.objects.assigned_to(lead).filter(pk=assessment.pk).exists()


@pytest.mark.django_db
def test_the_form_offers_the_current_framework_and_only_active_assessors(client, director, school, lead):
    HeadteacherFactory(school=school, first_name="Helen", last_name="Headteacher")
    DirectorFactory(first_name="Dora", last_name="Director")
    client.force_login(director)
    page = client.get(reverse("visit_schedule"), {"school": school.pk}).content.decode()
    current = Framework.objects.get(is_current=True)
    assert f'<option value="{current.pk}" selected>' in page
    assert f'<option value="{school.pk}" selected>' in page
    assert "Roger Yates" in page
    assert "Helen Headteacher" not in page and "Dora Director" not in page


@pytest.mark.django_db
def test_a_school_with_an_award_is_offered_a_reassessment(client, director, confirmed):
    client.force_login(director)
    page = client.get(reverse("visit_schedule"), {"school": confirmed.school_id}).content.decode()
    assert '<option value="reassessment" selected>' in page


@pytest.mark.django_db
def test_it_links_the_visit_to_the_schools_last_confirmed_assessment(
    client, director, confirmed, other_assessor
):
    client.force_login(director)
    client.post(reverse("visit_schedule"), form_data(confirmed.school, other_assessor, kind="reassessment"))
    new = Assessment.objects.exclude(pk=confirmed.pk).get(school=confirmed.school, status="draft")
    assert new.previous_assessment == confirmed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"visit_end": "2027-02-01"}, "The visit cannot end before it starts."),
        ({"visit_start": "", "visit_end": "2027-02-01"}, "Give the first day of the visit too."),
        ({"visit_start": "3rd Feb"}, "Enter a valid date."),
        ({"lead_assessor": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, director, school, lead, changes, message):
    client.force_login(director)
    response = client.post(reverse("visit_schedule"), form_data(school, lead, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_the_lead_cannot_also_be_a_co_assessor(client, director, school, lead):
    client.force_login(director)
    response = client.post(reverse("visit_schedule"), form_data(school, lead, co_assessors=[lead.pk]))
    assert "The lead assessor cannot also be a co-assessor." in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_a_one_day_visit_needs_only_the_first_day(client, director, school, lead):
    client.force_login(director)
    client.post(reverse("visit_schedule"), form_data(school, lead, visit_end=""))
    assessment = Assessment.objects.get()
    assert assessment.visit_start == assessment.visit_end
