"""The assessor's home: their assessments, how complete each is, and what to do next."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Finding, Statement, StatementKind, Status
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_assessments_the_assessor_leads_or_assists(client, lead, co_assessor, draft, other_school):
    led_elsewhere = AssessmentFactory(school=other_school)
    led_elsewhere.co_assessors.add(lead)
    not_mine = AssessmentFactory()
    page = home(client, lead)
    assert draft.school.name in page
    assert other_school.name in page
    assert not_mine.school.name not in page
    assert "lead assessor" in page and "co-assessor" in page
    assert draft.school.name in home(client, co_assessor)


def test_it_shows_visit_dates_status_and_element_completeness(client, lead, draft):
    element = draft.framework.elements.get(number=1)
    finding = Finding.objects.create(assessment=draft, element=element, narrative="Good.")
    Statement.objects.create(
        assessment=draft, finding=finding, kind=StatementKind.STRENGTH, position=1, text="S"
    )
    Statement.objects.create(assessment=draft, finding=finding, kind=StatementKind.AREA, position=1, text="A")
    page = home(client, lead)
    assert "10–11 November 2026" in page
    assert "Draft" in page
    assert "1 of 10 elements complete" in page


def test_it_says_what_to_do_next_with_a_link_to_the_page(client, lead, draft):
    draft.letter_date = None
    draft.save()
    page = home(client, lead)
    assert "Next: The letter date is missing" in page
    assert reverse("assessment_section", args=[draft.pk, "details"]) in page


def test_it_offers_submission_when_complete(client, lead, complete_draft):
    page = home(client, lead)
    assert "10 of 10 elements complete" in page
    assert reverse("assessment_submit", args=[complete_draft.pk]) in page


def test_it_shows_the_directors_return_comment(client, lead, draft):
    draft.status = Status.RETURNED
    draft.return_comment = "Element 5 needs <more> evidence."
    draft.save()
    page = home(client, lead)
    assert "Element 5 needs &lt;more&gt; evidence." in page
    assert "Returned" in page


def test_it_puts_returned_assessments_first(client, lead, school):
    returned = AssessmentFactory(
        school=school,
        lead_assessor=lead,
        status=Status.RETURNED,
        visit_start=datetime.date(2020, 1, 1),
        visit_end=datetime.date(2020, 1, 1),
    )
    fresh = AssessmentFactory(school=school, lead_assessor=lead)
    page = home(client, lead)
    first = reverse("assessment_overview", args=[returned.pk])
    second = reverse("assessment_overview", args=[fresh.pk])
    assert page.index(first) < page.index(second)


def test_it_says_when_there_is_nothing_assigned(client, other_assessor):
    assert "not assigned to any assessment yet" in home(client, other_assessor)


def test_it_says_a_submitted_assessment_waits_for_a_director(client, lead, complete_draft):
    complete_draft.status = Status.SUBMITTED
    complete_draft.save()
    assert "Waiting for a director" in home(client, lead)


def test_a_submitted_or_confirmed_assessment_shows_its_status_not_its_completeness(client, lead, submitted):
    with CaptureQueriesContext(connection) as queries:
        page = home(client, lead)
    assert "Waiting for a director to confirm it." in page
    assert "elements complete" not in page
    # Its text passed the check on submission and cannot change: nothing of it is read.
    assert not [q for q in queries.captured_queries if "assessments_statement" in q["sql"]]
    assert not [q for q in queries.captured_queries if "assessments_finding" in q["sql"]]
