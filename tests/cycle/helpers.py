"""Builders for the award cycle's tests: a school holding an award that runs out on a day, a
visit on a day, and running the schedule at a London time with time frozen (time-machine)."""

import datetime
import zoneinfo

import time_machine
from django.core import mail
from django.test import TestCase

from assessments.kinds import VisitKind
from assessments.models import Assessment
from cycle.services import run_schedule
from schools.models import School
from tests.awards import award
from tests.factories import AssessmentFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """A wall-clock time in London (GMT or British Summer Time, whichever is in force)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def run_at(when: datetime.datetime, **kwargs):
    """Run the schedule with the clock frozen at `when` (the function reads the clock itself)."""
    with time_machine.travel(when, tick=False), delivered():
        return run_schedule(**kwargs)


def delivered():
    """Deliver what the code inside queues as its transactions commit: each reminder is sent in
    a transaction of its own, which inside a test's never commits, so its email (queued in the
    outbox on commit) is delivered when the block ends."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def sent_to(category: str | None = None) -> list[tuple[str, str]]:
    """(address, subject) of every email in the outbox, of a category's subjects if given."""
    return [(m.to[0], m.subject) for m in mail.outbox]


def holding(school, kind: str, expires: datetime.date) -> Assessment:
    """The school holds the award a visit of `kind` gives, running out on `expires`."""
    given = award(school, kind, expires.replace(year=expires.year - 1), 1)
    School.objects.filter(pk=school.pk).update(newest_award=given, award_expires_on=expires)
    return given


def visit(school, start: datetime.date, end: datetime.date | None = None, **extra) -> Assessment:
    """A draft visit to the school on those days."""
    return AssessmentFactory(
        school=school, visit_start=start, visit_end=end or start, kind=VisitKind.ASSESSMENT, **extra
    )
