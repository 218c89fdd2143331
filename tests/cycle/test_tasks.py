"""The scheduler's task runs the award cycle's schedule: sent once however often it runs."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from assessments.kinds import VisitKind
from cycle import tasks
from cycle.models import Reminder
from iqm.celery import app
from tests.cycle.helpers import delivered, holding, london
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def test_the_scheduler_runs_the_schedule_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["cycle-run-schedule"]
    assert entry["task"] == "cycle.tasks.run_schedule"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == 60 * 60.0


def test_the_task_sends_what_is_due_once_over_two_runs(school):
    head = HeadteacherFactory(school=school)
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    with time_machine.travel(london(2026, 12, 12, 7), tick=False), delivered():
        first = tasks.run_schedule.delay()
        second = tasks.run_schedule.delay()
    lapsed = [m.to for m in mail.outbox if "lapsed" in m.subject]
    assert lapsed == [[head.email]]
    assert Reminder.objects.filter(recipient=head).count() >= 1
    assert first.successful() and second.successful()
