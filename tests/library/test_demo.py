"""The demo's writing help: a library seeded from the reference letter and the Centre of
Excellence review, and a draft whose overview names "behavior" with "behaviour"."""

import io

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import Assessment
from library import search
from library.models import LibraryStatement

pytestmark = pytest.mark.django_db


def test_the_library_is_seeded_from_both_letters(demo):
    texts = set(LibraryStatement.objects.values_list("text", flat=True))
    confirmed = Assessment.objects.filter(status="confirmed", school=demo.school)
    letters = {a.kind.code: set(a.statements.values_list("text", flat=True)) for a in confirmed}
    assert len(letters) == 2
    for kind, items in letters.items():
        assert texts & items, kind
    # Tagged by element and theme.
    assert LibraryStatement.objects.filter(element__isnull=False, kind="strength").exists()
    assert LibraryStatement.objects.filter(themes__name="safeguarding").exists()
    count = LibraryStatement.objects.count()
    from django.core.management import call_command

    call_command("load_demo", password="x", stdout=io.StringIO())
    assert LibraryStatement.objects.count() == count  # loading twice adds nothing


def test_the_demo_assessor_finds_a_statement(demo, client):
    draft = Assessment.objects.get(status="draft", school=demo.school)
    assert search.search("safeguarding", kind="key_success")
    client.force_login(User.objects.get(username="assessor"))
    data = client.get(
        reverse("library_search", args=[draft.pk]),
        {"kind": "key_success", "q": "safeguarding", "format": "json"},
    ).json()
    assert data["results"]


def test_the_demo_drafts_overview_names_behavior_with_behaviour(demo, client):
    draft = Assessment.objects.get(status="draft", school=demo.school)
    client.force_login(User.objects.get(username="assessor"))
    page = client.get(reverse("assessment_overview", args=[draft.pk])).content.decode()
    assert '<th scope="row" lang="en">behavior</th>' in page
    assert "British “behaviour”" in page
