"""An editor POST that changes nothing and has no form to show again is answered one way
(assessments.views.kit.refused): htmx gets the list it came from with the message in it, or a
reload of its page when there is no list; a plain POST gets the message and goes back."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import editing
from assessments.models import Assessment, StatementKind

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
READ_ONLY = (
    "This assessment has been submitted for confirmation, so it is read-only until a director "
    "returns it. Nothing was changed."
)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "page, data",
    [
        (lambda a: reverse("assessment_section", args=[a.pk, "summary"]), {"summary": "New."}),
        (lambda a: reverse("assessment_element", args=[a.pk, 1]), {"narrative": "New."}),
    ],
    ids=["section", "element"],
)
def test_a_read_only_pages_form_is_refused_one_way(client, lead, submitted, page, data):
    client.force_login(lead)
    url = page(submitted)
    before = Assessment.objects.get(pk=submitted.pk).version

    plain = client.post(url, {"version": before, **data})
    assert (plain.status_code, plain["Location"]) == (302, url)
    assert said(plain) == [READ_ONLY]
    assert "Nothing was changed." in client.get(url).content.decode()

    # htmx has no list to show here: the page reloads and shows the message.
    scripted = client.post(url, {"version": before, **data}, headers=HTMX)
    assert (scripted.status_code, scripted["HX-Refresh"]) == (200, "true")
    assert said(scripted) == [READ_ONLY]
    assert Assessment.objects.get(pk=submitted.pk).version == before


def test_a_read_only_list_is_refused_in_the_list_for_htmx(client, lead, submitted):
    client.force_login(lead)
    add = reverse("statement_add", args=[submitted.pk, "key_success"])

    scripted = client.post(add, {"key_success-add-text": "More."}, headers=HTMX)
    assert scripted.status_code == 409
    assert 'id="list-key_success"' in scripted.content.decode()
    assert "Nothing was changed." in scripted.content.decode()

    plain = client.post(add, {"key_success-add-text": "More."})
    host = reverse("assessment_section", args=[submitted.pk, "key_successes"])
    assert (plain.status_code, plain["Location"]) == (302, f"{host}#list-key_success")
    assert said(plain) == [READ_ONLY]


def test_a_gone_item_is_refused_with_a_reload(client, lead, draft):
    client.force_login(lead)
    item = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="Gone.")
    editing.statement_delete(assessment=draft, by=lead, item_id=item.pk, version=item.version)
    move = reverse("statement_move", args=[draft.pk, item.pk])

    scripted = client.post(move, {"direction": "up"}, headers=HTMX)
    assert (scripted.status_code, scripted["HX-Refresh"]) == (200, "true")
    assert said(scripted) == ["That item has been deleted."]
    client.get(reverse("assessment_overview", args=[draft.pk]))

    plain = client.post(move, {"direction": "up"})
    assert (plain.status_code, plain["Location"]) == (302, reverse("assessment_overview", args=[draft.pk]))
