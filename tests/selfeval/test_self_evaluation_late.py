"""A self-evaluation submitted after its due day (assessments.dates.self_evaluation_due) is
marked "submitted N days late" where the team reads it: its overview and the panel beside each
element of the assessor's page. One submitted on time carries no mark."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.dates import self_evaluation_due
from selfeval.models import ElementEvaluation, SelfEvaluation
from selfeval.services import days_late

pytestmark = pytest.mark.django_db


def submit_on(assessment, headteacher, day: datetime.date) -> SelfEvaluation:
    """The school's self-evaluation of the visit, with its first element, submitted on `day`."""
    submitted_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
    self_evaluation = SelfEvaluation.objects.create(
        assessment=assessment, submitted_at=submitted_at, submitted_by=headteacher
    )
    ElementEvaluation.objects.create(
        assessment=assessment,
        self_evaluation=self_evaluation,
        element=assessment.framework.elements.get(number=1),
        text="We know every pupil.",
    )
    return self_evaluation


def test_it_counts_the_days_after_the_due_day(draft, headteacher):
    due = self_evaluation_due(draft)
    self_evaluation = submit_on(draft, headteacher, due + datetime.timedelta(days=3))
    assert days_late(self_evaluation, draft) == 3
    self_evaluation.submitted_at -= datetime.timedelta(days=3)
    assert days_late(self_evaluation, draft) == 0
    assert days_late(None, draft) == 0


@pytest.mark.parametrize("who", ["lead", "director"])
def test_the_team_sees_it_marked_late_on_the_overview(client, draft, headteacher, lead, director, who):
    due = self_evaluation_due(draft)
    submit_on(draft, headteacher, due + datetime.timedelta(days=4))
    client.force_login({"lead": lead, "director": director}[who])
    page = client.get(reverse("selfeval_overview", args=[draft.pk])).content.decode()
    assert "submitted 4 days late" in page
    assert f"it was due by {due:%-d %B %Y}" in page


def test_the_assessor_sees_it_marked_late_beside_the_element(client, draft, headteacher, lead):
    submit_on(draft, headteacher, self_evaluation_due(draft) + datetime.timedelta(days=1))
    client.force_login(lead)
    page = client.get(reverse("assessment_element", args=[draft.pk, 1])).content.decode()
    assert "We know every pupil." in page
    assert "1 day late" in page


def test_on_time_it_carries_no_mark(client, draft, headteacher, lead):
    submit_on(draft, headteacher, self_evaluation_due(draft))
    client.force_login(lead)
    overview = client.get(reverse("selfeval_overview", args=[draft.pk])).content.decode()
    element = client.get(reverse("assessment_element", args=[draft.pk, 1])).content.decode()
    for page in (overview, element):
        assert "days late" not in page and "day late" not in page
