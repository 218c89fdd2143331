"""`manage.py run_schedule`: sends what is due today, once; --dry-run lists to whom, what and
why, and sends nothing; --date runs as on another day; a bad date is a clear error."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from assessments.kinds import VisitKind
from cycle.models import Reminder
from tests.cycle.helpers import delivered, holding
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    with delivered():
        call_command("run_schedule", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def lapsing(school):
    head = HeadteacherFactory(school=school, first_name="Heather", last_name="Mullaney")
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    return head


def test_the_dry_run_lists_to_whom_what_and_why_and_sends_nothing(lapsing, school):
    out = run("--dry-run", "--date", "2026-12-12")
    assert "nothing is sent or recorded" in out
    assert f"Heather Mullaney <{lapsing.email}>" in out
    assert f"{school.name}: your Centre of Excellence has lapsed" in out
    assert "because its Centre of Excellence ran out on 12 December 2026" in out
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_it_sends_once_over_two_runs(lapsing):
    first = run("--date", "2026-12-12")
    second = run("--date", "2026-12-12")
    assert "Schedule for 2026-12-12:" in first
    assert "0 sent" in second
    assert [m.to for m in mail.outbox if "lapsed" in m.subject] == [[lapsing.email]]


def test_a_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="--date must be a day written YYYY-MM-DD"):
        run("--date", "12/12/2026")


def test_it_explains_itself():
    from cycle.management.commands.run_schedule import Command

    assert "--dry-run" in Command.help
