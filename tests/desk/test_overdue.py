"""The director's Overdue list (desk.overdue): the late stages of every unconfirmed visit, worked
out by the database in four queries whatever the number of visits, the most overdue first."""

import datetime

import pytest
from django.utils import timezone

from assessments.dates import add_working_days
from desk.overdue import last_day_due_before, overdue
from factcheck import deadlines
from factcheck import services as fc
from factcheck.models import CheckComment, CommentAnswer
from tests.factories import AssessmentFactory


def rows(today):
    return overdue(today)[0]


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 12, 4)
    assert add_working_days(friday, 1) == datetime.date(2026, 12, 7)
    assert add_working_days(friday, 5) == datetime.date(2026, 12, 11)
    assert add_working_days(datetime.date(2026, 12, 7), -1) == friday


def test_working_days_by_arithmetic_are_those_counted_one_day_at_a_time():
    def counted(day, days):
        step, left = (1 if days >= 0 else -1), abs(days)
        while left:
            day += datetime.timedelta(days=step)
            left -= day.weekday() < 5
        return day

    for offset in range(21):  # three weeks: every day of the week, weekends included
        day = datetime.date(2026, 2, 23) + datetime.timedelta(days=offset)
        for days in range(-25, 26):
            assert add_working_days(day, days) == counted(day, days), (day, days)


@pytest.mark.parametrize("days", [-10, -1, 1, 5, 10])
def test_the_cut_off_day_is_the_last_whose_stage_is_due_before_today(days):
    for offset in range(14):
        today = datetime.date(2026, 3, 2) + datetime.timedelta(days=offset)  # every day of the week
        cut_off = last_day_due_before(today, days)
        assert add_working_days(cut_off, days) < today
        assert add_working_days(cut_off + datetime.timedelta(days=1), days) >= today


def test_overdue_lists_the_late_stages(director):
    visit = datetime.date(2026, 1, 5)
    late = AssessmentFactory(visit_start=visit, visit_end=visit)
    today = datetime.date(2026, 3, 2)
    found = [row for row in rows(today) if row.assessment == late]
    assert [row.name for row in found] == [deadlines.SELF_EVALUATION, deadlines.REPORT]
    assert found[0].due == datetime.date(2025, 12, 22)  # ten working days before the visit
    assert found[1].due == datetime.date(2026, 1, 19)
    assert found[1].days_overdue(today) == 42


def test_a_stage_due_today_is_not_overdue_yet(director):
    visit = datetime.date(2026, 1, 5)  # a Monday: the report is due ten working days after
    AssessmentFactory(visit_start=visit, visit_end=visit)
    assert [row.name for row in rows(datetime.date(2026, 1, 19))] == [deadlines.SELF_EVALUATION]
    assert deadlines.REPORT in [row.name for row in rows(datetime.date(2026, 1, 20))]


def test_a_submitted_self_evaluation_is_not_overdue(director):
    from selfeval.models import SelfEvaluation

    visit = datetime.date(2026, 1, 5)
    late = AssessmentFactory(visit_start=visit, visit_end=visit)
    SelfEvaluation.objects.create(assessment=late)
    names = {row.name for row in rows(datetime.date(2026, 3, 2)) if row.assessment == late}
    assert deadlines.SELF_EVALUATION in names  # started but not yet submitted
    SelfEvaluation.objects.filter(assessment=late).update(submitted_at=timezone.now())
    names = {row.name for row in rows(datetime.date(2026, 3, 2)) if row.assessment == late}
    assert names == {deadlines.REPORT}


def test_a_check_is_late_until_every_comment_is_answered_or_nothing_needs_correcting(director, lead):
    visit = datetime.date(2026, 1, 5)
    assessment = AssessmentFactory(visit_start=visit, visit_end=visit, lead_assessor=lead)
    check = fc.FactualCheck.objects.create(
        assessment=assessment, sent_at=timezone.now(), sent_by=director, deadline=visit
    )
    today = datetime.date(2026, 3, 2)

    def late_checks():
        return [row for row in rows(today) if row.name == deadlines.CHECK]

    assert len(late_checks()) == 1  # no word from the school
    comment = CheckComment.objects.create(
        factual_check=check, target="summary", text="940 on roll?", author=director, created_at=timezone.now()
    )
    assert len(late_checks()) == 1  # a comment waiting for its answer
    CommentAnswer.objects.create(comment=comment, text="Corrected.", changed=True, by=lead, at=timezone.now())
    assert late_checks() == []


@pytest.mark.parametrize("size", [1, 6])
def test_overdue_query_count_does_not_grow(size, director, django_assert_num_queries):
    visit = datetime.date(2026, 1, 5)
    for _ in range(size):
        assessment = AssessmentFactory(visit_start=visit, visit_end=visit)
        fc.FactualCheck(
            assessment=assessment, sent_at=timezone.now(), sent_by=director, deadline=visit
        ).save()
    with django_assert_num_queries(5):  # one a stage, one for the schools shown
        found, total = overdue(datetime.date(2026, 3, 2))
    assert len([r for r in found if r.name == deadlines.CHECK]) == size
    assert total == len(found) == 4 * size


def test_the_home_shows_the_most_overdue_and_counts_them_all(director):
    visit = datetime.date(2026, 1, 5)
    for day in range(12):
        AssessmentFactory(
            visit_start=visit + datetime.timedelta(days=day), visit_end=visit + datetime.timedelta(days=day)
        )
    found, total = overdue(datetime.date(2026, 3, 2), limit=5)
    assert total == 24  # each visit's self-evaluation and report
    assert len(found) == 5
    assert [row.due for row in found] == sorted(row.due for row in rows(datetime.date(2026, 3, 2)))[:5]


def test_the_director_home_shows_the_overdue_list(client, director):
    visit = datetime.date(2020, 1, 6)
    AssessmentFactory(visit_start=visit, visit_end=visit, school__name="Late <School>")
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "Overdue" in page
    assert "Late &lt;School&gt;" in page
    assert "Report due" in page
