"""Deleting a list item, and putting it back; with htmx and without JavaScript."""

import pytest
from django.urls import reverse

from assessments import editing
from assessments.models import Statement, StatementKind, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def items(draft, lead):
    return [
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text=text)
        for text in ("Alpha.", "Bravo.", "Charlie.")
    ]


def url(item):
    return reverse("statement_delete", args=[item.assessment_id, item.pk])


def texts(assessment):
    return list(
        Statement.objects.filter(assessment=assessment, kind=StatementKind.KEY_SUCCESS)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_it_deletes_with_a_plain_post_and_offers_to_undo(client, lead, draft, items):
    client.force_login(lead)
    response = client.post(url(items[1]), {"version": 1})
    assert response.status_code == 302
    assert texts(draft) == ["Alpha.", "Charlie."]
    page = client.get(response.url).content.decode()
    assert "Deleted “Bravo.”." in page
    assert 'name="key_success-add-position" value="2"' in page
    # Undo: a plain post of the form the page offers.
    client.post(
        reverse("statement_add", args=[draft.pk, "key_success"]),
        {"key_success-add-text": "Bravo.", "key_success-add-position": "2"},
    )
    assert texts(draft) == ["Alpha.", "Bravo.", "Charlie."]
    assert "Deleted “Bravo.”" not in client.get(response.url).content.decode()


def test_it_deletes_with_htmx_and_answers_with_the_list(client, lead, draft, items):
    client.force_login(lead)
    response = client.post(url(items[0]), {"version": 1}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="undo-key_success"' in html and 'data-focus="undo-key_success"' in html
    assert texts(draft) == ["Bravo.", "Charlie."]


def test_it_refuses_to_delete_an_item_changed_since_the_page_was_loaded(
    client, lead, co_assessor, draft, items
):
    editing.statement_edit(
        assessment=draft, by=co_assessor, item_id=items[2].pk, text="Charlie, reworded.", version=1
    )
    client.force_login(lead)
    response = client.post(url(items[2]), {"version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert "It now reads: “Charlie, reworded.”" in response.content.decode()
    assert "Charlie, reworded." in texts(draft)


def test_it_says_when_the_item_had_already_gone(client, lead, draft, items):
    client.force_login(lead)
    client.post(url(items[0]), {"version": 1})
    response = client.post(url(items[0]), {"version": 1}, follow=True)
    assert b"already been deleted" in response.content
    assert texts(draft) == ["Bravo.", "Charlie."]


def test_it_refuses_deletion_once_submitted(client, lead, draft, items):
    draft.status = Status.SUBMITTED
    draft.save()
    client.force_login(lead)
    assert client.post(url(items[0]), {"version": 1}).status_code == 302
    assert client.post(url(items[0]), {"version": 1}, headers=HTMX).status_code == 409
    assert len(texts(draft)) == 3


def test_it_refuses_a_get(client, lead, items):
    client.force_login(lead)
    assert client.get(url(items[0])).status_code == 405


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_delete(client, request, draft, items, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(items[0]), {"version": 1}).status_code == 404
    assert len(texts(draft)) == 3


def test_it_sends_anonymous_visitors_to_sign_in(client, draft, items):
    response = client.post(url(items[0]), {"version": 1})
    assert response.url.startswith(reverse("login"))
    assert "key_successes" in response.url
    assert len(texts(draft)) == 3
    assert b"so that was not done" in client.get(response.url).content
