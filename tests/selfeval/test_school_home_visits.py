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


@pytest.mark.django_db
def test_each_visit_and_draft_to_check_says_where_it_stands(school, headteacher, director, client):
    """The home's lines of its visits (from selfeval.services.open_visits' rows) and of its
    drafts to check (factcheck.home.school_checks'), in each state they tell apart."""
    from assessments.dates import plain_date, plain_date_range, self_evaluation_due
    from factcheck.models import FactualCheck

    start = AssessmentFactory(
        school=school, kind=VisitKind.COE_REVIEW, visit_start=days(30), visit_end=days(31)
    )
    undated = AssessmentFactory(school=school, visit_start=None, visit_end=None)
    going_on = AssessmentFactory(school=school, visit_start=days(40), visit_end=days(40))
    SelfEvaluation.objects.create(assessment=going_on)
    submitted = AssessmentFactory(school=school, visit_start=days(50), visit_end=days(50))
    evaluation = SelfEvaluation.objects.create(
        assessment=submitted, submitted_at=timezone.now(), submitted_by=headteacher
    )
    FactualCheck.objects.create(assessment=start, sent_at=timezone.now(), sent_by=director, deadline=days(10))
    FactualCheck.objects.create(
        assessment=undated,
        sent_at=timezone.now() - datetime.timedelta(days=1),
        sent_by=director,
        deadline=days(9),
        nothing_to_correct_at=timezone.now(),
        nothing_to_correct_by=headteacher,
    )
    client.force_login(headteacher)
    page = " ".join(client.get(reverse("home")).content.decode().split())
    assert (
        f"Start the self-evaluation for the {start.kind.name} ({plain_date_range(days(30), days(31))})</a>"
        f" — due by {plain_date(self_evaluation_due(start))}"
    ) in page
    assert f"Start the self-evaluation for the {undated.kind.name}</a> — not submitted yet" in page
    assert f"Go on with the self-evaluation for the {going_on.kind.name} ({plain_date(days(40))})" in page
    assert (
        f"Read the self-evaluation for the {submitted.kind.name} ({plain_date(days(50))})</a>"
        f" — submitted on {plain_date(timezone.localdate(evaluation.submitted_at))}"
    ) in page
    checks = page.split("Draft letters to check", 1)[1]
    assert checks.index(
        f"Check the draft {start.kind.name} letter</a> — comments by {plain_date(days(10))}<"
    ) < (
        checks.index(
            f"Check the draft {undated.kind.name} letter</a> — comments by {plain_date(days(9))}"
            " (you said there is nothing to correct)"
        )
    )
