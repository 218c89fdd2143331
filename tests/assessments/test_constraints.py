"""Structural rules are database constraints, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from assessments.models import Element, Finding, Framework, Statement, StatementKind
from tests.factories import AssessmentFactory, UserFactory


def rejects(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_it_rejects_a_second_element_with_the_same_number():
    framework = Framework.objects.get(version="2010")
    assert rejects(lambda: Element.objects.create(framework=framework, number=3, title="Again"))
    assert rejects(lambda: Element.objects.create(framework=framework, number=0, title="Zero"))


@pytest.mark.django_db
def test_it_rejects_two_findings_for_one_element(draft):
    element = draft.framework.elements.get(number=1)
    Finding.objects.create(assessment=draft, element=element)
    assert rejects(lambda: Finding.objects.create(assessment=draft, element=element))


@pytest.mark.django_db
def test_it_rejects_duplicate_positions_within_a_list(draft):
    finding = Finding.objects.create(assessment=draft, element=draft.framework.elements.get(number=1))
    Statement.objects.create(
        assessment=draft, finding=finding, kind=StatementKind.STRENGTH, position=1, text="a"
    )
    assert rejects(
        lambda: Statement.objects.create(
            assessment=draft, finding=finding, kind=StatementKind.STRENGTH, position=1, text="b"
        )
    )
    # The same position in another list is fine.
    Statement.objects.create(assessment=draft, finding=finding, kind=StatementKind.AREA, position=1, text="c")
    Statement.objects.create(assessment=draft, kind=StatementKind.KEY_SUCCESS, position=1, text="d")
    assert rejects(
        lambda: Statement.objects.create(
            assessment=draft, kind=StatementKind.KEY_SUCCESS, position=1, text="e"
        )
    )


@pytest.mark.django_db
def test_it_rejects_a_strength_without_an_element_and_an_empty_item(draft):
    assert rejects(
        lambda: Statement.objects.create(assessment=draft, kind=StatementKind.STRENGTH, position=1, text="x")
    )
    assert rejects(
        lambda: Statement.objects.create(
            assessment=draft, kind=StatementKind.KEY_SUCCESS, position=1, text=""
        )
    )


@pytest.mark.django_db
def test_it_rejects_a_visit_that_ends_before_it_starts(lead):
    assert rejects(
        lambda: AssessmentFactory(
            lead_assessor=lead, visit_start=datetime.date(2026, 5, 2), visit_end=datetime.date(2026, 5, 1)
        )
    )


@pytest.mark.django_db
def test_it_rejects_a_confirmed_assessment_without_who_and_when(draft):
    draft.status = "confirmed"
    assert rejects(lambda: draft.save(update_fields=["status"]))


@pytest.mark.django_db
def test_it_rejects_an_award_expiry_on_an_assessment_not_confirmed(draft):
    draft.expires_on = datetime.date(2030, 1, 1)
    assert rejects(lambda: draft.save(update_fields=["expires_on"]))


@pytest.mark.django_db
def test_it_rejects_a_headteacher_without_a_school_and_a_duplicate_email(school):
    assert rejects(lambda: UserFactory(role=Role.HEADTEACHER, school=None))
    assert rejects(lambda: UserFactory(role=Role.ASSESSOR, school=school))
    UserFactory(email="Same@Example.org")
    assert rejects(lambda: UserFactory(email="same@example.org"))
