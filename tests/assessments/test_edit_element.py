"""One page per element: narrative, strengths, areas for development and the "no significant
areas" mark, with previous and next links."""

import pytest
from django.urls import reverse

from assessments.models import Finding, Statement, StatementKind, Status

pytestmark = pytest.mark.django_db


def url(assessment, number):
    return reverse("assessment_element", args=[assessment.pk, number])


def finding(assessment, number):
    return Finding.objects.filter(assessment=assessment, element__number=number).first()


def test_it_shows_the_element_with_its_lists(client, lead, complete_draft):
    client.force_login(lead)
    page = client.get(url(complete_draft, 3)).content.decode()
    assert "Element 3 - Leadership &amp; Management" in page
    assert "Narrative for Leadership &amp; Management." in page
    assert "Strengths" in page and "Areas for development" in page
    assert "A strength." in page and "An area." in page
    assert "There are no significant areas for development." in page  # the checkbox's label
    assert url(complete_draft, 2) in page and url(complete_draft, 4) in page


def test_the_first_element_follows_the_outcome_and_the_last_leads_to_the_overview(client, lead, draft):
    client.force_login(lead)
    first = client.get(url(draft, 1)).content.decode()
    assert f'href="{reverse("assessment_section", args=[draft.pk, "outcome"])}" rel="prev"' in first
    last = client.get(url(draft, 10)).content.decode()
    assert "Overview and submit" in last
    assert 'rel="next"' not in last


def test_it_shows_which_elements_are_complete(client, lead, complete_draft):
    client.force_login(lead)
    page = client.get(url(complete_draft, 1)).content.decode()
    assert page.count("(complete)") == 17


def test_it_saves_the_narrative_creating_the_finding(client, lead, draft):
    client.force_login(lead)
    assert finding(draft, 4) is None
    response = client.post(url(draft, 4), {"version": 0, "narrative": "Teachers know every pupil."})
    assert response.status_code == 302
    assert finding(draft, 4).narrative == "Teachers know every pupil."


def test_it_saves_the_no_significant_areas_mark(client, lead, draft):
    client.force_login(lead)
    client.post(url(draft, 2), {"version": 0, "narrative": "Fine.", "no_significant_areas": "on"})
    assert finding(draft, 2).no_significant_areas
    page = client.get(url(draft, 2)).content.decode()
    assert "untick the mark below" in page
    assert reverse("element_statement_add", args=[draft.pk, 2, "area"]) not in page


def test_it_refuses_the_mark_while_areas_are_listed_and_keeps_the_text(client, lead, complete_draft):
    client.force_login(lead)
    current = finding(complete_draft, 1)
    response = client.post(
        url(complete_draft, 1),
        {"version": current.version, "narrative": "My new words.", "no_significant_areas": "on"},
    )
    assert response.status_code == 200
    assert b"Delete them before marking" in response.content
    assert b"My new words." in response.content
    assert finding(complete_draft, 1).narrative == current.narrative


def test_it_answers_404_for_an_element_the_framework_lacks(client, lead, draft):
    client.force_login(lead)
    assert client.get(url(draft, 11)).status_code == 404
    assert client.post(url(draft, 11), {"version": 0, "narrative": "x"}).status_code == 404


def test_it_is_read_only_once_submitted(client, lead, complete_draft):
    complete_draft.status = Status.SUBMITTED
    complete_draft.save()
    client.force_login(lead)
    page = client.get(url(complete_draft, 1)).content.decode()
    assert "<textarea" not in page
    assert "Delete" not in page
    current = finding(complete_draft, 1)
    response = client.post(url(complete_draft, 1), {"version": current.version, "narrative": "Changed."})
    assert response.status_code == 302
    assert finding(complete_draft, 1).narrative == current.narrative


def test_a_director_reads_but_cannot_save(client, director, complete_draft):
    client.force_login(director)
    page = client.get(url(complete_draft, 1)).content.decode()
    assert "Narrative for" in page and "<textarea" not in page
    assert client.post(url(complete_draft, 1), {"version": 1, "narrative": "x"}).status_code == 404


@pytest.mark.parametrize("who", ["other_assessor", "headteacher"])
def test_it_is_hidden_from_people_not_on_the_team(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(draft, 1)).status_code == 404
    assert client.post(url(draft, 1), {"version": 0, "narrative": "Mine."}).status_code == 404
    assert finding(draft, 1) is None


def test_it_sends_anonymous_visitors_to_sign_in(client, draft):
    assert client.get(url(draft, 1)).url.startswith(reverse("login"))


def test_it_shows_items_in_their_order(client, lead, draft):
    element = draft.framework.elements.get(number=5)
    owner = Finding.objects.create(assessment=draft, element=element)
    for position, text in ((2, "item-two"), (1, "item-one"), (3, "item-three")):
        Statement.objects.create(
            assessment=draft, finding=owner, kind=StatementKind.STRENGTH, position=position, text=text
        )
    client.force_login(lead)
    page = client.get(url(draft, 5)).content.decode()
    assert page.index("item-one") < page.index("item-two") < page.index("item-three")
