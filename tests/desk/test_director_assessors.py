"""A director changes the lead and co-assessors of an assessment not yet confirmed."""

import pytest
from django.urls import reverse

from assessments.models import Event


@pytest.mark.django_db
def test_it_changes_the_assessors_and_records_it(client, director, draft, lead, co_assessor, other_assessor):
    client.force_login(director)
    url = reverse("review_assessors", args=[draft.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{lead.pk}" selected>' in page
    response = client.post(url, {"lead_assessor": other_assessor.pk, "co_assessors": [lead.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.lead_assessor == other_assessor
    assert list(draft.co_assessors.all()) == [lead]
    event = draft.events.get(action=Event.Action.ASSIGNED)
    assert event.by == director
    assert str(other_assessor) in event.comment


@pytest.mark.django_db
def test_an_assessor_taken_off_no_longer_sees_it(client, director, draft, co_assessor, lead):
    client.force_login(director)
    client.post(reverse("review_assessors", args=[draft.pk]), {"lead_assessor": lead.pk})
    client.force_login(co_assessor)
    assert client.get(reverse("letter_preview_pdf", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_it_refuses_the_lead_as_co_assessor(client, director, draft, lead):
    client.force_login(director)
    response = client.post(
        reverse("review_assessors", args=[draft.pk]), {"lead_assessor": lead.pk, "co_assessors": [lead.pk]}
    )
    assert response.status_code == 200
    assert "The lead assessor cannot also be a co-assessor." in response.content.decode()
