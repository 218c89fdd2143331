"""Moving list items up and down: with htmx and as plain form posts."""

import pytest
from django.urls import reverse

from assessments import editing
from assessments.models import Statement, StatementKind, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def items(draft, lead):
    element = draft.framework.elements.get(number=6)
    return [
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text=text)
        for text in ("Alpha.", "Bravo.", "Charlie.")
    ]


def url(item):
    return reverse("statement_move", args=[item.assessment_id, item.pk])


def texts(draft):
    return list(
        Statement.objects.filter(assessment=draft, kind=StatementKind.AREA)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_it_moves_an_item_up_with_a_plain_post(client, lead, draft, items):
    client.force_login(lead)
    response = client.post(url(items[2]), {"direction": "up"})
    assert response.status_code == 302
    assert response.url == reverse("assessment_element", args=[draft.pk, 6]) + "#list-area"
    assert texts(draft) == ["Alpha.", "Charlie.", "Bravo."]


def test_it_moves_an_item_down_with_htmx_and_keeps_focus_on_the_button(client, lead, draft, items):
    client.force_login(lead)
    response = client.post(url(items[0]), {"direction": "down"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-focus="down-{items[0].pk}"' in html
    assert html.index("Bravo.") < html.index("Alpha.") < html.index("Charlie.")
    assert texts(draft) == ["Bravo.", "Alpha.", "Charlie."]


def test_it_leaves_the_first_item_first_when_moved_up(client, lead, draft, items):
    client.force_login(lead)
    client.post(url(items[0]), {"direction": "up"})
    assert texts(draft) == ["Alpha.", "Bravo.", "Charlie."]


def test_the_ends_of_the_list_have_their_buttons_disabled(client, lead, draft, items):
    client.force_login(lead)
    html = client.get(reverse("assessment_element", args=[draft.pk, 6])).content.decode()
    assert f'id="up-{items[0].pk}" disabled' in html
    assert f'id="down-{items[2].pk}" disabled' in html
    assert f'id="up-{items[1].pk}" disabled' not in html


def test_it_ignores_an_unknown_direction(client, lead, draft, items):
    client.force_login(lead)
    assert client.post(url(items[1]), {"direction": "sideways"}).status_code == 302
    assert texts(draft) == ["Alpha.", "Bravo.", "Charlie."]


def test_it_refuses_moves_once_submitted(client, lead, draft, items):
    draft.status = Status.SUBMITTED
    draft.save()
    client.force_login(lead)
    assert client.post(url(items[1]), {"direction": "up"}, headers=HTMX).status_code == 409
    assert texts(draft) == ["Alpha.", "Bravo.", "Charlie."]


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_reorder(client, request, draft, items, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(items[1]), {"direction": "up"}).status_code == 404
    assert texts(draft) == ["Alpha.", "Bravo.", "Charlie."]


def test_it_sends_anonymous_visitors_to_sign_in(client, draft, items):
    assert client.post(url(items[1]), {"direction": "up"}).url.startswith(reverse("login"))
