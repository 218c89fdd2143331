"""Two directors confirming the same assessment at the same moment produce one issued report:
the second waits for the first's row lock, then finds it confirmed and is refused."""

import threading

import pytest
from django.db import connection, connections

from assessments import services
from assessments.models import Event, Status
from reports import letter
from reports.models import IssuedReport
from tests.factories import DirectorFactory


def someone_waits_for_a_lock(timeout_polls: int = 400) -> bool:
    """Whether another session is blocked on a row lock (PostgreSQL's pg_stat_activity)."""
    import time

    for _ in range(timeout_polls):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.025)
    return False


@pytest.mark.postgres
# Transactional, so that the two threads see each other's commits; not serialized_rollback: the
# transactional tests run last, after one another, and one that ran before this (in
# tests/accounts/) has emptied and refilled the content types with other ids, which the
# serialized copy would collide with. The rows migrations make come back through
# migration_data_back.
@pytest.mark.django_db(transaction=True)
def test_two_directors_confirming_at_once_issue_one_report(migration_data_back, submitted, monkeypatch):
    directors = [DirectorFactory(), DirectorFactory()]
    real = letter.render_pdf
    rendering = threading.Event()
    go_on = threading.Event()

    def held_render(assessment, *, draft, **kwargs):
        # The first confirmation holds the row lock here until the second one is waiting for it.
        rendering.set()
        assert go_on.wait(timeout=30)
        return real(assessment, draft=draft, **kwargs)

    monkeypatch.setattr(letter, "render_pdf", held_render)
    start = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def confirm(director):
        try:
            start.wait()
            services.assessment_confirm(assessment=submitted, by=director)
            outcomes[director.pk] = "confirmed"
        except services.WorkflowError as error:
            outcomes[director.pk] = str(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(director,)) for director in directors]
    for thread in threads:
        thread.start()
    assert rendering.wait(timeout=30)
    saw_the_race = someone_waits_for_a_lock()
    go_on.set()
    for thread in threads:
        thread.join(timeout=60)

    assert saw_the_race, "the second confirmation never waited for the first one's lock"
    assert sorted(outcomes.values()) == [
        "Only a submitted assessment can be confirmed; this one is confirmed.",
        "confirmed",
    ]
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "confirmed")
    submitted.refresh_from_db()
    assert submitted.status == Status.CONFIRMED
    assert submitted.confirmed_by_id == winner
    assert IssuedReport.objects.filter(assessment=submitted).count() == 1
    assert Event.objects.filter(assessment=submitted, action=Event.Action.CONFIRMED).count() == 1
