"""Adding an item to a list: with htmx (no reload) and as a plain form post (no JavaScript)."""

import pytest
from django.urls import reverse

from assessments import unsaved
from assessments.models import Statement, StatementKind, Status
from tests.factories import fill_complete

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def add_url(assessment, kind, number=None):
    if number is None:
        return reverse("statement_add", args=[assessment.pk, kind])
    return reverse("element_statement_add", args=[assessment.pk, number, kind])


def texts(assessment, kind):
    return list(
        Statement.objects.filter(assessment=assessment, kind=kind)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_it_adds_an_item_with_a_plain_post(client, lead, draft):
    client.force_login(lead)
    response = client.post(
        add_url(draft, "key_success"), {"key_success-add-text": "Safeguarding is outstanding."}
    )
    assert response.status_code == 302
    assert (
        response.url == reverse("assessment_section", args=[draft.pk, "key_successes"]) + "#list-key_success"
    )
    assert texts(draft, StatementKind.KEY_SUCCESS) == ["Safeguarding is outstanding."]
    page = client.get(response.url).content.decode()
    assert "Added the key area of success." in page
    assert "Safeguarding is outstanding." in page


def test_it_adds_an_item_with_htmx_and_answers_with_the_list(client, lead, draft):
    client.force_login(lead)
    client.post(add_url(draft, "minor_area"), {"minor_area-add-text": "First."}, headers=HTMX)
    response = client.post(add_url(draft, "minor_area"), {"minor_area-add-text": "Second."}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="list-minor_area"' in html
    assert html.index("First.") < html.index("Second.")
    assert 'data-focus="id_minor_area-add-text"' in html
    assert texts(draft, StatementKind.MINOR_AREA) == ["First.", "Second."]


def test_it_adds_a_strength_to_an_element_without_a_finding_yet(client, lead, draft):
    client.force_login(lead)
    response = client.post(add_url(draft, "strength", 7), {"strength-add-text": "New laptops."})
    assert response.status_code == 302
    statement = Statement.objects.get(assessment=draft, kind=StatementKind.STRENGTH)
    assert statement.finding.element.number == 7


def test_it_refuses_an_item_of_only_spaces_and_keeps_what_was_typed(client, lead, draft):
    client.force_login(lead)
    response = client.post(add_url(draft, "strength", 1), {"strength-add-text": "   "})
    assert response.status_code == 200
    assert b"<html" in response.content  # the whole page, without JavaScript
    assert b"only spaces" in response.content
    response = client.post(add_url(draft, "strength", 1), {"strength-add-text": " \n "}, headers=HTMX)
    assert b"only spaces" in response.content and b"<html" not in response.content
    assert not Statement.objects.filter(assessment=draft).exists()


def test_it_says_when_nothing_was_typed(client, lead, draft):
    client.force_login(lead)
    response = client.post(add_url(draft, "key_success"), {"key_success-add-text": ""})
    assert b"A list item needs some text." in response.content


def test_it_refuses_an_area_beside_the_no_significant_areas_mark(client, lead, draft):
    client.force_login(lead)
    client.post(
        reverse("assessment_element", args=[draft.pk, 2]), {"version": 0, "no_significant_areas": "on"}
    )
    response = client.post(add_url(draft, "area", 2), {"area-add-text": "An area."}, headers=HTMX)
    assert b"Untick that mark" in response.content
    assert not Statement.objects.filter(assessment=draft, kind=StatementKind.AREA).exists()


@pytest.mark.parametrize(
    ("kind", "number"),
    [("strength", None), ("area", None), ("key_success", 1), ("nonsense", None), ("strength", 11)],
)
def test_it_answers_404_for_a_list_that_does_not_exist(client, lead, draft, kind, number):
    client.force_login(lead)
    assert client.post(add_url(draft, kind, number), {f"{kind}-add-text": "x"}).status_code == 404


def test_it_refuses_additions_once_submitted(client, lead, draft):
    fill_complete(draft)
    draft.status = Status.SUBMITTED
    draft.save()
    client.force_login(lead)
    before = texts(draft, StatementKind.KEY_SUCCESS)
    response = client.post(add_url(draft, "key_success"), {"key_success-add-text": "Late."})
    assert response.status_code == 302
    response = client.post(add_url(draft, "key_success"), {"key_success-add-text": "Late."}, headers=HTMX)
    assert response.status_code == 409
    assert b"read-only" in response.content
    assert texts(draft, StatementKind.KEY_SUCCESS) == before


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_add_items(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(add_url(draft, "key_success"), {"key_success-add-text": "x"}).status_code == 404
    assert not Statement.objects.filter(assessment=draft).exists()


def test_it_sends_anonymous_visitors_to_sign_in_and_keeps_the_text(client, lead, draft):
    response = client.post(
        add_url(draft, "strength", 3),
        {"strength-add-text": "Typed while signed out.", unsaved.FIELD: unsaved.owner_token(lead)},
    )
    page = reverse("assessment_element", args=[draft.pk, 3])
    assert response.url == f"{reverse('login')}?next={page.replace('/', '%2F')}"
    assert not Statement.objects.filter(assessment=draft).exists()
    client.force_login(lead)
    html = client.get(page).content.decode()
    assert "Your unsaved text is back" in html
    assert "Typed while signed out.</textarea>" in html


def test_it_answers_htmx_with_401_when_signed_out(client, draft):
    response = client.post(add_url(draft, "key_success"), {"key_success-add-text": "x"}, headers=HTMX)
    assert response.status_code == 401
    assert b"Sign in again" in response.content
