"""The assessment's overview: status, what is missing where, the elements, and submission."""

import pytest
from django.urls import reverse

from assessments.models import Status

pytestmark = pytest.mark.django_db


def url(assessment):
    return reverse("assessment_overview", args=[assessment.pk])


def test_it_lists_each_page_with_what_it_lacks_and_a_link(client, lead, draft):
    client.force_login(lead)
    page = client.get(url(draft)).content.decode()
    assert "The letter date is missing" in page
    assert "The summary is empty" in page
    assert reverse("assessment_section", args=[draft.pk, "details"]) in page
    assert reverse("assessment_element", args=[draft.pk, 10]) in page
    assert "Element 10 - The Community" in page
    assert "Submit for confirmation" in page


def test_it_marks_complete_elements(client, lead, complete_draft):
    client.force_login(lead)
    page = client.get(url(complete_draft)).content.decode()
    assert page.count("✓") == 7 + 10
    assert "Everything is in place" in page


def test_it_shows_the_return_comment(client, co_assessor, draft):
    draft.status = Status.RETURNED
    draft.return_comment = "Please expand element 3."
    draft.save()
    client.force_login(co_assessor)
    page = client.get(url(draft)).content.decode()
    assert "Returned by the director" in page
    assert "Please expand element 3." in page


def test_it_links_to_the_previews(client, lead, draft):
    client.force_login(lead)
    page = client.get(url(draft)).content.decode()
    assert reverse("letter_preview_html", args=[draft.pk]) in page
    assert reverse("letter_preview_pdf", args=[draft.pk]) in page


def test_a_director_reads_it_without_a_submit_button(client, director, draft):
    client.force_login(director)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert b"reading this as a director" in response.content
    assert reverse("assessment_submit", args=[draft.pk]).encode() not in response.content


def test_it_is_read_only_once_submitted(client, lead, complete_draft):
    complete_draft.status = Status.SUBMITTED
    complete_draft.save()
    client.force_login(lead)
    page = client.get(url(complete_draft)).content.decode()
    assert "read-only until a director returns it" in page
    assert reverse("assessment_submit", args=[complete_draft.pk]) not in page


@pytest.mark.parametrize("who", ["other_assessor", "headteacher"])
def test_it_is_hidden_from_people_not_on_the_team(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(draft)).status_code == 404


def test_it_is_hidden_from_the_headteacher_even_when_confirmed(client, demo):
    from accounts.models import User

    client.force_login(User.objects.get(username="headteacher"))
    assert client.get(url(demo)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, draft):
    response = client.get(url(draft))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url(draft).replace('/', '%2F')}"


def test_it_answers_404_for_no_such_assessment(client, lead):
    client.force_login(lead)
    assert client.get(reverse("assessment_overview", args=[99999])).status_code == 404


def test_a_page_lacking_many_things_lists_the_first_three_and_counts_the_rest(
    client, lead, school, confirmed
):
    from continuity.models import CarriedItem
    from continuity.services import carry_forward
    from tests.factories import AssessmentFactory

    following = AssessmentFactory(school=school, lead_assessor=lead, previous_assessment=confirmed)
    carry_forward(assessment=following)
    carried = CarriedItem.objects.filter(assessment=following).count()
    assert carried > 3
    client.force_login(lead)
    page = client.get(url(following)).content.decode()
    assert page.count("from the previous visit: progress not recorded") == 3
    assert f"and {carried - 3} more" in page
