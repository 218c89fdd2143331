"""Each reminder goes on its day, not the day before, and once only over two runs (time frozen
with time-machine); a school with no one to email is recorded for the director; a person's
choices are respected; a second scheduler sends nothing twice; a failing mail server loses
nothing. Runs on SQLite and PostgreSQL."""

import datetime

import pytest
from django.core import mail

from accounts.models import Role
from assessments.kinds import AwardLevel, VisitKind
from clusters.models import Attendance, ClusterMeeting
from cycle import services
from cycle.models import ExpiryNotice, Kind, OptOut, Reminder
from factcheck.models import FactualCheck
from selfeval.models import SelfEvaluation
from tests.cycle.helpers import delivered, holding, london, run_at, visit
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def head(school):
    return HeadteacherFactory(school=school)


def subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


def emails_of(kind_words: str) -> list:
    return [m for m in mail.outbox if kind_words in m.subject]


def assert_on_its_day(day: datetime.date, words: str, to: str):
    """Nothing with `words` the day before; one email to `to` on the day; nothing more on a
    second run that day or the day after."""
    run_at(london(day.year, day.month, day.day) - DAY)
    assert emails_of(words) == []
    run_at(london(day.year, day.month, day.day, 7))
    found = emails_of(words)
    assert [m.to for m in found] == [[to]]
    run_at(london(day.year, day.month, day.day, 19))
    run_at(london(day.year, day.month, day.day) + DAY)
    assert len(emails_of(words)) == 1
    return found[0]


def test_it_reminds_a_school_one_month_before_its_award_runs_out(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    email = assert_on_its_day(datetime.date(2026, 11, 12), "runs out on 12 December 2026", head.email)
    assert "Centre of Excellence" in email.subject
    assert "/unsubscribe/" in email.body


def test_it_reminds_six_months_before(school, head):
    holding(school, VisitKind.REASSESSMENT, datetime.date(2027, 3, 31))
    # Six months before 31 March is 30 September (September is shorter).
    assert_on_its_day(datetime.date(2026, 9, 30), "runs out on 31 March 2027", head.email)


def test_it_says_when_the_award_has_lapsed_on_the_day_it_runs_out(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    assert_on_its_day(datetime.date(2026, 12, 12), "has lapsed", head.email)


def test_the_windows_are_data_a_director_edits(school, head):
    level = AwardLevel.objects.get(code=AwardLevel.CENTRE_OF_EXCELLENCE)
    ExpiryNotice.objects.filter(level=level, months_before=1).delete()
    ExpiryNotice.objects.create(level=level, months_before=2)
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    run_at(london(2026, 11, 12))
    assert emails_of("runs out") == []
    # Two months before is also the annual update's day.
    assert_on_its_day(datetime.date(2026, 10, 12), "runs out on 12 December 2026", head.email)


def test_it_reminds_a_centre_of_excellence_of_its_annual_update(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    assert_on_its_day(datetime.date(2026, 10, 12), "annual update is due", head.email)


def test_an_inclusive_school_award_has_no_annual_update(school, head):
    holding(school, VisitKind.REASSESSMENT, datetime.date(2026, 12, 12))
    run_at(london(2026, 10, 12))
    assert emails_of("annual update") == []


def test_it_reminds_the_school_of_its_self_evaluation_due_and_overdue(school, head):
    # Visit Tuesday 15 December 2026: due ten working days before, Tuesday 1 December.
    visit(school, datetime.date(2026, 12, 15))
    assert_on_its_day(datetime.date(2026, 11, 24), "self-evaluation is due on 1 December 2026", head.email)
    assert_on_its_day(datetime.date(2026, 12, 2), "self-evaluation was due on 1 December 2026", head.email)


def test_a_submitted_self_evaluation_is_not_chased(school, head):
    chosen = visit(school, datetime.date(2026, 12, 15))
    SelfEvaluation.objects.create(assessment=chosen, submitted_at=london(2026, 11, 20), submitted_by=head)
    run_at(london(2026, 12, 2))
    assert emails_of("self-evaluation") == []


def test_a_visit_no_longer_in_draft_takes_no_self_evaluation_and_is_not_chased(school, head):
    chosen = visit(school, datetime.date(2026, 12, 15))
    type(chosen).objects.filter(pk=chosen.pk).update(status="submitted", submitted_at=london(2026, 11, 20))
    run_at(london(2026, 12, 2))
    assert emails_of("self-evaluation") == []


def test_it_reminds_the_school_of_the_factual_check_closing_and_closed(school, head, director):
    checked = visit(school, datetime.date(2026, 11, 10))
    FactualCheck.objects.create(
        assessment=checked,
        sent_at=london(2026, 11, 20),
        sent_by=director,
        deadline=datetime.date(2026, 12, 4),
    )
    assert_on_its_day(datetime.date(2026, 12, 2), "factual check closes on 4 December 2026", head.email)
    assert_on_its_day(datetime.date(2026, 12, 5), "factual check closed on 4 December 2026", head.email)


def test_an_answered_check_is_not_chased(school, head, director):
    checked = visit(school, datetime.date(2026, 11, 10))
    FactualCheck.objects.create(
        assessment=checked,
        sent_at=london(2026, 11, 20),
        sent_by=director,
        deadline=datetime.date(2026, 12, 4),
        nothing_to_correct_at=london(2026, 11, 21),
        nothing_to_correct_by=head,
    )
    run_at(london(2026, 12, 2))
    run_at(london(2026, 12, 5))
    assert emails_of("factual check") == []


def test_it_reminds_the_lead_assessor_of_the_report_due_and_overdue(school, lead):
    # The visit ends Wednesday 11 November; the report is due ten working days later, 25 November.
    visit(school, datetime.date(2026, 11, 10), datetime.date(2026, 11, 11), lead_assessor=lead)
    assert_on_its_day(datetime.date(2026, 11, 22), "is due on 25 November 2026", lead.email)
    assert_on_its_day(datetime.date(2026, 11, 26), "was due on 25 November 2026", lead.email)


def test_a_submitted_report_is_not_chased(school, lead):
    done = visit(school, datetime.date(2026, 11, 10), datetime.date(2026, 11, 11), lead_assessor=lead)
    type(done).objects.filter(pk=done.pk).update(status="submitted", submitted_at=london(2026, 11, 20))
    run_at(london(2026, 11, 26))
    assert emails_of("report") == []


def test_it_reminds_a_flagship_school_short_of_cluster_meetings(school, head, director):
    holding(school, VisitKind.FLAGSHIP_REVIEW, datetime.date(2027, 3, 20))
    meeting = ClusterMeeting.objects.create(date=datetime.date(2026, 2, 1), place="Hall", created_by=director)
    Attendance.objects.create(meeting=meeting, school=school)
    email = assert_on_its_day(datetime.date(2026, 10, 1), "cluster meetings", head.email)
    assert "attended 1 cluster meeting in 2026" in email.body


def test_a_flagship_school_with_enough_meetings_is_not_reminded(school, head, director):
    holding(school, VisitKind.FLAGSHIP_REVIEW, datetime.date(2027, 3, 20))
    for month in (2, 6):
        meeting = ClusterMeeting.objects.create(date=datetime.date(2026, month, 1), online=True)
        Attendance.objects.create(meeting=meeting, school=school)
    run_at(london(2026, 10, 1))
    assert emails_of("cluster") == []


def test_it_sends_to_every_person_of_the_school(school, head):
    colleague = HeadteacherFactory(school=school, role=Role.SCHOOL_USER)
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    run_at(london(2026, 12, 12))
    assert sorted(m.to[0] for m in emails_of("lapsed")) == sorted([head.email, colleague.email])


def test_a_school_with_no_one_to_email_is_recorded_once_for_the_director(school):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    first = run_at(london(2026, 12, 12))
    run_at(london(2026, 12, 13))
    assert first.unreached == 1
    assert emails_of("lapsed") == []
    unreached = Reminder.objects.get(recipient__isnull=True)
    assert (unreached.school, unreached.kind) == (school, Kind.AWARD_LAPSED)


def test_a_person_who_turned_a_reminder_off_does_not_get_it(school, head):
    colleague = HeadteacherFactory(school=school, role=Role.SCHOOL_USER)
    OptOut.objects.create(user=head, category="reminder:award_expiry")
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    run_at(london(2026, 12, 12))
    assert [m.to for m in emails_of("lapsed")] == [[colleague.email]]
    # Turned off is not "no one to email": the director is not told.
    assert not Reminder.objects.filter(recipient__isnull=True).exists()


def test_a_missed_day_is_caught_up_once(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    # No run on 12 November (the server was down); the next day's run sends it, once.
    run_at(london(2026, 11, 13))
    run_at(london(2026, 11, 14))
    assert len(emails_of("runs out")) == 1
    assert Reminder.objects.get(kind=Kind.AWARD_EXPIRY).occasion == datetime.date(2026, 11, 12)


def test_an_occasion_long_past_is_not_sent(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    run_at(london(2026, 11, 30))
    assert emails_of("runs out") == []


def test_a_second_scheduler_at_the_same_moment_sends_nothing_twice(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    today = datetime.date(2026, 12, 12)
    # Both schedulers read what is due before either has recorded anything.
    first, second = services.plan(today), services.plan(today)
    lapsed = [item for item in first if item.occasion.kind == Kind.AWARD_LAPSED]
    assert len(lapsed) == 1
    with delivered():
        assert [services._send(item, services.Digests(today, first)) for item in first] == [True] * len(first)
    # The second finds the record's unique constraint and sends nothing.
    with delivered():
        assert [services._send(item, services.Digests(today, second)) for item in second] == [False] * len(
            second
        )
    assert len(emails_of("lapsed")) == 1
    assert Reminder.objects.filter(kind=Kind.AWARD_LAPSED).count() == 1


def test_a_failing_mail_server_loses_nothing(school, head, monkeypatch):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))

    def broken(**kwargs):
        raise ConnectionRefusedError("The mail server is down.")

    monkeypatch.setattr(services.emails, "send", broken)
    outcome = run_at(london(2026, 12, 12, 6))
    assert (outcome.sent, outcome.failed) == (0, len(outcome.planned))
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    outcome = run_at(london(2026, 12, 12, 7))
    assert (outcome.sent, outcome.failed) == (len(outcome.planned), 0)
    assert len(emails_of("lapsed")) == 1


def test_a_dry_run_sends_and_records_nothing(school, head):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    outcome = run_at(london(2026, 12, 12), dry_run=True)
    assert [item.recipient for item in outcome.planned if item.occasion.kind == Kind.AWARD_LAPSED] == [head]
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_the_email_names_its_category_and_school(school, head, monkeypatch):
    holding(school, VisitKind.COE_REVIEW, datetime.date(2026, 12, 12))
    calls = []
    real = services.emails.send

    def spy(**kwargs):
        calls.append((kwargs["category"], kwargs["school_id"]))
        return real(**kwargs)

    monkeypatch.setattr(services.emails, "send", spy)
    run_at(london(2026, 12, 12))
    assert ("reminder:award_expiry", school.pk) in calls
