"""The weekly digest: the director's (overdue by stage, renewals coming, reports waiting, schools
with no one to email) and the assessor's (what they owe), as the page and as the email from the
same selector, in a number of queries that does not grow with the data."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from assessments.kinds import VisitKind
from assessments.models import Assessment
from cycle.digest import assessor_digest, director_digest
from cycle.models import Kind, Reminder
from tests.cycle.helpers import holding, london, run_at, visit
from tests.factories import AssessmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)


def world(size: int, lead, director):
    """`size` of each thing the digests list."""
    for n in range(size):
        holding(SchoolFactory(name=f"Renewing {n}"), VisitKind.REASSESSMENT, datetime.date(2027, 2, 1 + n))
        # A visit whose self-evaluation and report are both overdue, led by `lead`.
        visit(SchoolFactory(name=f"Late {n}"), datetime.date(2026, 11, 2), lead_assessor=lead)
        waiting = AssessmentFactory(school=SchoolFactory(name=f"Waiting {n}"), lead_assessor=lead)
        Assessment.objects.filter(pk=waiting.pk).update(status="submitted", submitted_at=london(2026, 12, 1))
        unreached = SchoolFactory(name=f"Nobody {n}")
        Reminder.objects.create(
            kind=Kind.AWARD_LAPSED, object_id=unreached.pk, occasion=MONDAY, school=unreached
        )


def test_the_director_digest_lists_what_is_overdue_renewals_waiting_and_unreached(lead, director):
    world(2, lead, director)
    digest = director_digest(MONDAY)
    stages = {group["stage"]: group["total"] for group in digest["overdue"]}
    # The submitted visits' self-evaluations (visit 10 November) are overdue too.
    assert stages["Self-evaluation due"] == 4
    assert stages["Report due"] == 2
    assert [s.name for s in digest["renewals"]] == ["Renewing 0", "Renewing 1"]
    assert sorted(a.school.name for a in digest["waiting"]) == ["Waiting 0", "Waiting 1"]
    assert sorted(r.school.name for r in digest["unreached"]) == ["Nobody 0", "Nobody 1"]


def test_the_assessor_digest_lists_what_they_owe(lead, co_assessor, director):
    world(1, lead, director)
    late = Assessment.objects.get(school__name="Late 0")
    late.co_assessors.add(co_assessor)
    owed = assessor_digest([lead.pk, co_assessor.pk], MONDAY)
    assert [row["assessment"].school.name for row in owed[lead.pk]["reports"]] == ["Late 0"]
    assert owed[lead.pk]["reports"][0]["overdue"] is True
    assert [row["assessment"].school.name for row in owed[co_assessor.pk]["reports"]] == ["Late 0"]


@pytest.mark.parametrize("size", [1, 6])
def test_the_director_page_reads_a_fixed_number_of_queries(
    client, lead, director, size, django_assert_num_queries
):
    world(size, lead, director)
    client.force_login(director)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: MONDAY)
        client.get(reverse("cycle_digest"))  # the session and user are read once
        with django_assert_num_queries(13):
            response = client.get(reverse("cycle_digest"))
    assert response.status_code == 200
    assert f"Renewing {size - 1}" in response.text
    assert "Schools with no one to email" in response.text


@pytest.mark.parametrize("size", [1, 6])
def test_the_assessor_page_reads_a_fixed_number_of_queries(
    client, lead, director, size, django_assert_num_queries
):
    world(size, lead, director)
    client.force_login(lead)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: MONDAY)
        client.get(reverse("cycle_digest"))
        with django_assert_num_queries(5):
            response = client.get(reverse("cycle_digest"))
    assert response.status_code == 200
    assert f"Late {size - 1}" in response.text


def test_a_school_person_has_no_digest_page(client, headteacher):
    client.force_login(headteacher)
    assert client.get(reverse("cycle_digest")).status_code == 404


def test_the_digest_email_says_what_the_page_says(client, lead, director):
    world(2, lead, director)
    run_at(london(2026, 12, 7, 6))
    email = next(m for m in mail.outbox if m.to == [director.email] and "Your IQM week" in m.subject)
    html = email.alternatives[0][0]
    for name in ("Renewing 1", "Waiting 1", "Nobody 1", "Late 1"):
        assert name in email.body
        assert name in html
    assert "/unsubscribe/" in email.body
    owed = next(m for m in mail.outbox if m.to == [lead.email] and "Your IQM week" in m.subject)
    assert "Late 1" in owed.body


def test_the_digest_goes_on_monday_once_and_not_on_sunday(director):
    run_at(london(2026, 11, 30, 6))
    mail.outbox.clear()
    run_at(london(2026, 12, 6, 23, 30))
    assert [m for m in mail.outbox if "Your IQM week" in m.subject] == []
    run_at(london(2026, 12, 7, 0, 30))
    run_at(london(2026, 12, 9))
    assert [(m.to, m.subject) for m in mail.outbox if "Your IQM week" in m.subject] == [
        ([director.email], "Your IQM week: 7 December 2026")
    ]


def test_the_homes_link_to_the_digest(client, lead, director):
    for person in (lead, director):
        client.force_login(person)
        assert reverse("cycle_digest") in client.get(reverse("home")).text
