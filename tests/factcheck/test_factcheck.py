"""The factual-accuracy check (factcheck.services), the evidence log's portfolio sentence and the
deadlines' overdue list."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from assessments import services
from assessments.models import Event, FrozenAssessmentError, Status
from factcheck import deadlines
from factcheck import services as fc
from factcheck.models import DocumentSeen, Meeting
from tests.factories import AssessmentFactory, HeadteacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(submitted):
    return HeadteacherFactory(school=submitted.school, email="head@example.org")


def _actions(assessment):
    return list(Event.objects.filter(assessment=assessment).values_list("action", flat=True))


def test_round_trip_send_comment_answer_confirm(
    submitted, director, head, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check = fc.check_send(assessment=submitted, by=director)
    assert check.deadline == fc.default_deadline()
    assert [m.to for m in mail.outbox] == [["head@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        comment = fc.comment_add(assessment=submitted, by=head, target="section:summary", text="Our name <b>")
    with pytest.raises(services.WorkflowError, match="1 of the school's comments"):
        services.assessment_confirm(assessment=submitted, by=director)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fc.comment_answer(comment=comment, by=lead, changed=True, text="Corrected.")
    assert mail.outbox and all(director.email in m.to for m in mail.outbox)
    confirmed = services.assessment_confirm(assessment=submitted, by=director)
    assert confirmed.status == Status.CONFIRMED
    assert comment.text == "Our name <b>"  # stored as typed
    assert {"check_sent", "check_commented", "check_answered"} <= set(_actions(submitted))


def test_nothing_to_correct_lets_it_be_confirmed(
    submitted, director, head, django_capture_on_commit_callbacks
):
    fc.check_send(assessment=submitted, by=director)
    with pytest.raises(services.WorkflowError, match="not answered yet"):
        services.assessment_confirm(assessment=submitted, by=director)
    with django_capture_on_commit_callbacks(execute=True):
        fc.nothing_to_correct(assessment=submitted, by=head)
    assert any(submitted.lead_assessor.email in m.to for m in mail.outbox)
    assert services.assessment_confirm(assessment=submitted, by=director).status == Status.CONFIRMED
    assert "check_nothing" in _actions(submitted)


def test_a_passed_deadline_lets_it_be_confirmed(submitted, director, head):
    check = fc.check_send(assessment=submitted, by=director)
    fc.comment_add(assessment=submitted, by=head, target="element:1", text="A fact.")
    later = check.deadline + datetime.timedelta(days=1)
    assert fc.confirm_problem(submitted, today=later) == ""
    assert fc.confirm_problem(submitted, today=check.deadline) != ""


def test_bad_input_is_refused_and_changes_nothing(submitted, director, head, lead, other_headteacher):
    with pytest.raises(fc.CheckError, match="in the past"):
        fc.check_send(
            assessment=submitted, by=director, deadline=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert fc.check_of(submitted) is None
    fc.check_send(assessment=submitted, by=director)
    for target in ("section:nope", "element:99", "element:x", "summary"):
        with pytest.raises(fc.CheckError, match="no section or element"):
            fc.comment_add(assessment=submitted, by=head, target=target, text="x")
    with pytest.raises(fc.CheckError, match="headteacher"):
        fc.comment_add(assessment=submitted, by=other_headteacher, target="section:summary", text="x")
    with pytest.raises(fc.CheckError, match="lead assessor"):
        comment = fc.comment_add(assessment=submitted, by=head, target="section:summary", text="x")
        fc.comment_answer(comment=comment, by=director, changed=False, text="no")
    assert not fc.can_take_part(other_headteacher, submitted)


def test_no_comment_or_answer_after_confirmation(submitted, director, head, lead):
    fc.check_send(assessment=submitted, by=director)
    comment = fc.comment_add(assessment=submitted, by=head, target="section:summary", text="x")
    fc.comment_answer(comment=comment, by=lead, changed=False, text="It is right.")
    services.assessment_confirm(assessment=submitted, by=director)
    with pytest.raises(fc.CheckError, match="confirmed"):
        fc.comment_add(assessment=submitted, by=head, target="section:summary", text="late")
    other = comment.__class__.objects.create(
        factual_check=comment.factual_check,
        target="section:summary",
        text="y",
        author=head,
        created_at=timezone.now(),
    )
    with pytest.raises(fc.CheckError, match="confirmed"):
        fc.comment_answer(comment=other, by=lead, changed=False, text="late")


def test_a_draft_cannot_be_sent(complete_draft, director):
    with pytest.raises(fc.CheckError, match="submitted"):
        fc.check_send(assessment=complete_draft, by=director)


def test_evidence_log_fills_the_empty_portfolio_paragraph_and_freezes(complete_draft, lead):
    Meeting.objects.create(assessment=complete_draft, position=1, group="Year 6 pupils", number=8)
    Meeting.objects.create(assessment=complete_draft, position=2, group="Governors")
    DocumentSeen.objects.create(assessment=complete_draft, position=1, title="The SEND policy")
    complete_draft.evidence = "Typed by hand."
    complete_draft.save()
    with pytest.raises(fc.CheckError, match="not empty"):
        fc.portfolio_fill(assessment=complete_draft, by=lead)
    filled = fc.portfolio_fill(assessment=complete_draft, by=lead, replace=True)
    assert filled.evidence == "The assessors met Year 6 pupils (8) and Governors. They read The SEND policy."
    assert filled.history.count() >= 2  # undoable through the history like other edits


def test_evidence_log_is_frozen_once_confirmed(confirmed):
    with pytest.raises(FrozenAssessmentError):
        Meeting.objects.create(assessment=confirmed, position=1, group="Staff")


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 12, 4)
    assert deadlines.add_working_days(friday, 1) == datetime.date(2026, 12, 7)
    assert deadlines.add_working_days(friday, 5) == datetime.date(2026, 12, 11)
    assert deadlines.add_working_days(datetime.date(2026, 12, 7), -1) == friday


def test_overdue_lists_the_late_stages(director):
    visit = datetime.date(2026, 1, 5)
    late = AssessmentFactory(visit_start=visit, visit_end=visit)
    today = datetime.date(2026, 3, 2)
    rows = [row for row in deadlines.overdue(today) if row.assessment == late]
    assert [row.name for row in rows] == [deadlines.SELF_EVALUATION, deadlines.REPORT]
    assert rows[0].due == datetime.date(2025, 12, 22)  # ten working days before the visit
    assert rows[1].due == datetime.date(2026, 1, 19)
    assert rows[1].days_overdue(today) == 42


def test_a_submitted_self_evaluation_is_not_overdue(director):
    from selfeval.models import SelfEvaluation

    visit = datetime.date(2026, 1, 5)
    late = AssessmentFactory(visit_start=visit, visit_end=visit)
    SelfEvaluation.objects.create(assessment=late)
    names = {row.name for row in deadlines.overdue(datetime.date(2026, 3, 2)) if row.assessment == late}
    assert deadlines.SELF_EVALUATION in names  # started but not yet submitted
    SelfEvaluation.objects.filter(assessment=late).update(submitted_at=timezone.now())
    names = {row.name for row in deadlines.overdue(datetime.date(2026, 3, 2)) if row.assessment == late}
    assert names == {deadlines.REPORT}


@pytest.mark.parametrize("size", [1, 6])
def test_overdue_query_count_does_not_grow(size, director, django_assert_num_queries):
    visit = datetime.date(2026, 1, 5)
    for _ in range(size):
        assessment = AssessmentFactory(visit_start=visit, visit_end=visit)
        fc_check = fc.FactualCheck(
            assessment=assessment, sent_at=timezone.now(), sent_by=director, deadline=visit
        )
        fc_check.save()
    with django_assert_num_queries(2):
        rows = deadlines.overdue(datetime.date(2026, 3, 2))
    assert len([r for r in rows if r.name == deadlines.CHECK]) == size


def test_the_director_home_shows_the_overdue_list(client, director):
    visit = datetime.date(2020, 1, 6)
    AssessmentFactory(visit_start=visit, visit_end=visit, school__name="Late <School>")
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "Overdue" in page
    assert "Late &lt;School&gt;" in page
    assert "Report due" in page  # the stage says what is late


def test_load_demo_gives_the_draft_an_evidence_log():
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    draft = Meeting.objects.first().assessment
    assert draft.status == Status.DRAFT
    assert Meeting.objects.filter(assessment=draft).count() == 5
    assert DocumentSeen.objects.filter(assessment=draft).count() == 4
    assert "Year 6 pupils (8)" in fc.portfolio_sentence(draft)


def test_the_schools_own_users_take_part_and_no_one_elses(submitted, director):
    from accounts.models import Role

    colleague = HeadteacherFactory(role=Role.SCHOOL_USER, school=submitted.school)
    stranger = HeadteacherFactory(role=Role.SCHOOL_USER)
    fc.check_send(assessment=submitted, by=director)
    assert fc.can_take_part(colleague, submitted)
    assert not fc.can_take_part(stranger, submitted)
    comment = fc.comment_add(assessment=submitted, by=colleague, target="section:summary", text="A date.")
    assert comment.author == colleague
    colleague.is_active = False
    assert not fc.can_take_part(colleague, submitted)
