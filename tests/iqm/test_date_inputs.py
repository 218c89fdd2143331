"""A date field is an <input type="date">, which takes its value as 2025-05-14 alone: editing a
saved date shows it, and a typed British date is still read."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from clusters.models import ClusterMeeting

pytestmark = pytest.mark.django_db


def test_it_writes_a_saved_date_into_the_date_field_as_iso(client, director):
    meeting = ClusterMeeting.objects.create(
        date=datetime.date(2025, 5, 14), place="Widnes", created_by=director
    )
    client.force_login(director)
    page = client.get(reverse("cluster_meeting_edit", args=[meeting.pk])).content.decode()
    assert 'type="date" name="date" value="2025-05-14"' in page


def test_it_still_reads_a_typed_british_date():
    field = forms.DateField()
    assert field.clean("14/05/2025") == datetime.date(2025, 5, 14)
    assert field.clean("2025-05-14") == datetime.date(2025, 5, 14)
