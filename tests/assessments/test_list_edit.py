"""Editing a list item: in place with htmx, or on its own page without JavaScript."""

import pytest
from django.urls import reverse

from assessments import editing, unsaved
from assessments.models import Statement, StatementKind, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item(draft, lead):
    element = draft.framework.elements.get(number=4)
    return editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text="Original text."
    )


def url(item):
    return reverse("statement_edit", args=[item.assessment_id, item.pk])


def data(item, text, version=None):
    return {f"item-{item.pk}-text": text, f"item-{item.pk}-version": version or item.version}


def test_it_shows_the_item_on_a_page_of_its_own_without_javascript(client, lead, item):
    client.force_login(lead)
    page = client.get(url(item)).content.decode()
    assert "<html" in page
    assert "Edit a strength" in page
    assert "Original text.</textarea>" in page


def test_it_saves_with_a_plain_post_and_returns_to_the_element(client, lead, item):
    client.force_login(lead)
    response = client.post(url(item), data(item, "Better text."))
    assert response.status_code == 302
    assert response.url == reverse("assessment_element", args=[item.assessment_id, 4]) + "#list-strength"
    item.refresh_from_db()
    assert (item.text, item.version) == ("Better text.", 2)


def test_it_opens_the_item_in_place_with_htmx(client, lead, item):
    client.force_login(lead)
    response = client.get(url(item), headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="list-strength"' in html
    assert "Original text.</textarea>" in html
    assert f'data-focus="id_item-{item.pk}-text"' in html


def test_it_saves_in_place_with_htmx(client, lead, item):
    client.force_login(lead)
    response = client.post(url(item), data(item, "Edited in place."), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Edited in place." in html and "<textarea" in html  # the add box; the item is shown as text
    assert f'id="edit-{item.pk}"' in html


def test_cancel_goes_back_to_the_list(client, lead, item):
    client.force_login(lead)
    list_url = reverse("element_statement_list", args=[item.assessment_id, 4, "strength"])
    response = client.get(list_url, headers=HTMX)
    assert b"Original text." in response.content
    assert client.get(list_url).status_code == 302


def test_it_refuses_an_empty_item_and_keeps_the_page(client, lead, item):
    client.force_login(lead)
    response = client.post(url(item), data(item, "   "))
    assert response.status_code == 200
    assert b"only spaces" in response.content
    assert Statement.objects.get(pk=item.pk).text == "Original text."


def test_it_offers_the_text_back_when_the_item_was_deleted_meanwhile(client, lead, item):
    client.force_login(lead)
    editing.statement_delete(assessment=item.assessment, by=lead, item_id=item.pk, version=1)
    response = client.post(url(item), data(item, "My careful rewording."), headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else deleted this item" in html
    assert "My careful rewording.</textarea>" in html


def test_it_refuses_edits_once_submitted(client, lead, item):
    item.assessment.status = Status.SUBMITTED
    item.assessment.save()
    client.force_login(lead)
    assert client.post(url(item), data(item, "Late.")).status_code == 302
    assert client.post(url(item), data(item, "Late."), headers=HTMX).status_code == 409
    assert Statement.objects.get(pk=item.pk).text == "Original text."
    assert b"<textarea" not in client.get(url(item)).content


def test_it_answers_404_for_an_item_of_another_assessment(client, lead, item, school):
    from tests.factories import AssessmentFactory

    other = AssessmentFactory(school=school, lead_assessor=lead)
    client.force_login(lead)
    assert client.get(reverse("statement_edit", args=[other.pk, item.pk])).status_code == 404


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_edit_items(client, request, item, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(item), data(item, "Mine.")).status_code == 404
    assert Statement.objects.get(pk=item.pk).text == "Original text."


def test_it_sends_anonymous_visitors_to_sign_in_and_shows_the_text_back(client, lead, item):
    typed = {**data(item, "Typed before the session ran out."), unsaved.FIELD: unsaved.owner_token(lead)}
    response = client.post(url(item), typed)
    assert response.url.startswith(reverse("login"))
    client.force_login(lead)
    page = client.get(url(item)).content.decode()
    assert "Your unsaved text is back" in page
    assert "Typed before the session ran out.</textarea>" in page
    assert Statement.objects.get(pk=item.pk).text == "Original text."


@pytest.mark.django_db
def test_each_items_buttons_go_to_that_items_addresses(client, lead, draft):
    items = [
        Statement.objects.create(
            assessment=draft, kind=StatementKind.KEY_SUCCESS, position=n, text=f"Item {n}"
        )
        for n in (1, 2)
    ]
    client.force_login(lead)
    page = client.get(reverse("assessment_section", args=[draft.pk, "key_successes"])).content.decode()
    for item in items:
        for name in ("statement_edit", "statement_move", "statement_delete"):
            url = reverse(name, args=[draft.pk, item.pk])
            assert f'action="{url}"' in page or f'href="{url}"' in page
            assert f'data-hx-post="{url}"' in page or f'data-hx-get="{url}"' in page
