"""Two schedulers running at the same moment (two cron hosts, or cron and the task queue's
beat): both read what is due before either has recorded it, and still each reminder goes once,
because the record's unique constraint lets one insert win and the other send nothing."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connections

from assessments.kinds import VisitKind
from cycle import services
from cycle.models import Kind, Reminder
from tests.cycle.helpers import holding, london
from tests.factories import HeadteacherFactory, SchoolFactory


@pytest.mark.postgres
# Transactional, so that the two threads see each other's commits (see test_confirm_race.py).
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_each_reminder_once(migration_data_back, monkeypatch):
    school = SchoolFactory()
    heads = [HeadteacherFactory(school=school), HeadteacherFactory(school=school)]
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    real_plan = services.plan
    both_planned = threading.Barrier(2)

    def plan_then_wait(today):
        planned = real_plan(today)
        both_planned.wait(timeout=30)  # neither sends before both have read what is due
        return planned

    monkeypatch.setattr(services, "plan", plan_then_wait)
    outcomes = []

    def scheduler():
        try:
            outcomes.append(services.run_schedule())
        finally:
            connections.close_all()

    with time_machine.travel(london(2026, 12, 12, 6), tick=False):
        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert all(len(o.planned) == len(outcomes[0].planned) for o in outcomes)
    lapsed = sorted(m.to[0] for m in mail.outbox if "has lapsed" in m.subject)
    assert lapsed == sorted(head.email for head in heads)
    assert Reminder.objects.filter(kind=Kind.AWARD_LAPSED).count() == 2
    assert sum(o.sent for o in outcomes) == sum(1 for _ in Reminder.objects.all())
