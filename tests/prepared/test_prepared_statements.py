"""On PostgreSQL, a prepared query is also a prepared statement of the database session
(PREPARED_STATEMENTS): prepared in the same round trip as its first run, executed by name after,
prepared again in a new session, and its rows the queryset's."""

import datetime

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings

from assessments.models import Assessment, Status
from prepared import Prepared
from tests.factories import AssessmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def statements(settings):
    settings.PREPARED_STATEMENTS = True


def _open(today):
    return (
        Assessment.objects.filter(visit_start__lte=today, status__in=[Status.DRAFT, Status.RETURNED])
        .order_by("visit_start", "pk")
        .values_list("pk", "school__name", "visit_start")
    )


def _names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'iqm_prepared_%%'")
        return dict(cursor.fetchall())


def _run(prepared, **values):
    with override_settings(PREPARED_QUERIES_CHECK=False):
        return prepared(**values)


def test_the_first_run_prepares_and_later_runs_execute_the_statement(statements, django_assert_num_queries):
    made = [
        AssessmentFactory(visit_start=datetime.date(2026, 11, day), visit_end=datetime.date(2026, 11, day))
        for day in (2, 9, 16)
    ]
    prepared = Prepared(_open)
    with django_assert_num_queries(1) as first:
        rows = _run(prepared, today=datetime.date(2026, 11, 10))
    assert first.captured_queries[0]["sql"].startswith("PREPARE iqm_prepared_")
    assert rows == list(_open(datetime.date(2026, 11, 10)))
    assert [row[0] for row in rows] == [made[0].pk, made[1].pk]
    (name, text), *_ = ((n, t) for n, t in _names().items() if '"schools_school"."name"' in t)
    # The bound day is the one parameter; the statuses, constants of the query, are written in.
    assert "$1" in text and "$2" not in text and "%s" not in text
    assert "'draft'" in text and "'returned'" in text
    # More runs than PostgreSQL's five custom plans before it may choose a generic one.
    for day in (1, 3, 9, 10, 16, 17, 30, 2):
        today = datetime.date(2026, 11, day)
        with django_assert_num_queries(1) as later:
            rows = _run(prepared, today=today)
        assert later.captured_queries[0]["sql"].startswith(f"EXECUTE {name}(")
        assert rows == list(_open(today)), today


def test_a_new_session_prepares_it_again(statements):
    AssessmentFactory(visit_start=datetime.date(2026, 11, 2), visit_end=datetime.date(2026, 11, 2))
    prepared = Prepared(_open)
    before = _run(prepared, today=datetime.date(2026, 11, 30))
    # The test's transaction is the session's; a new session is a new driver connection.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connections["default"].__dict__["_prepared_statements"] = (object(), set())  # as after a reconnection
    assert _run(prepared, today=datetime.date(2026, 11, 30)) == before


def test_a_statement_prepared_in_a_rolled_back_transaction_is_still_there(statements):
    AssessmentFactory(visit_start=datetime.date(2026, 11, 2), visit_end=datetime.date(2026, 11, 2))
    prepared = Prepared(_open)
    try:
        with transaction.atomic():
            first = _run(prepared, today=datetime.date(2026, 11, 30))
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert _run(prepared, today=datetime.date(2026, 11, 30)) == first


def test_counts_lists_and_literal_percent_signs_run_as_statements(statements):
    ash = AssessmentFactory(school__name="Ash 100% Academy", status=Status.SUBMITTED)
    AssessmentFactory(school__name="Birch", status=Status.DRAFT)
    named = Prepared(
        lambda pks, name: (
            Assessment.objects.filter(school__in=pks, school__name=name)
            .extra(where=['"schools_school"."name" LIKE \'%%Academy\''])
            .exclude(school__name="Nobody 50% Academy")
            .values_list("pk", flat=True)
        )
    )
    assert _run(named, pks=[ash.school_id], name="Ash 100% Academy") == [ash.pk]
    assert _run(named, pks=[ash.school_id], name="Ash 100% Academy") == [ash.pk]
    counted = Prepared(lambda status: Assessment.objects.filter(status=status).values_list("pk"))
    with override_settings(PREPARED_QUERIES_CHECK=False):
        assert [counted.count(status=Status.SUBMITTED) for _ in range(7)] == [1] * 7


def test_without_the_setting_nothing_is_prepared(settings, django_assert_num_queries):
    settings.PREPARED_STATEMENTS = False
    prepared = Prepared(_open)
    with django_assert_num_queries(1) as captured:
        _run(prepared, today=datetime.date(2026, 11, 30))
    assert captured.captured_queries[0]["sql"].startswith("SELECT")
