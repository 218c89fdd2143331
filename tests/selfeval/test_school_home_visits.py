"""The school's home lists the visits that concern it still: those to come, and past ones whose
self-evaluation it can still submit — not a past visit whose self-evaluation is submitted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.kinds import VisitKind
from selfeval.models import SelfEvaluation
from selfeval.services import open_visits
from tests.factories import AssessmentFactory


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_a_past_visit_with_its_self_evaluation_submitted_is_not_listed(school, headteacher, client):
    past = AssessmentFactory(
        school=school, kind=VisitKind.REASSESSMENT, visit_start=days(-20), visit_end=days(-19)
    )
    SelfEvaluation.objects.create(assessment=past, submitted_at=timezone.now(), submitted_by=headteacher)
    coming = AssessmentFactory(
        school=school, kind=VisitKind.COE_REVIEW, visit_start=days(30), visit_end=days(30)
    )
    assert [visit["pk"] for visit in open_visits(school.pk)] == [coming.pk]
    client.force_login(headteacher)
    page = client.get(reverse("home")).content.decode()
    assert reverse("selfeval_overview", args=[coming.pk]) in page
    assert reverse("selfeval_overview", args=[past.pk]) not in page


@pytest.mark.django_db
def test_a_visit_today_an_undated_one_and_a_past_one_still_to_submit_are_listed(school, headteacher):
    today = AssessmentFactory(school=school, visit_start=days(-1), visit_end=days(0))
    undated = AssessmentFactory(school=school, visit_start=None, visit_end=None)
    unsubmitted = AssessmentFactory(school=school, visit_start=days(-40), visit_end=days(-40))
    SelfEvaluation.objects.create(assessment=unsubmitted)
    listed = {visit["pk"] for visit in open_visits(school.pk)}
    assert listed == {today.pk, undated.pk, unsubmitted.pk}
