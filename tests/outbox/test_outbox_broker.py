"""The outbox with a real broker: a page answers when the broker is down (the email stays
queued and is sent later), and a worker on Redis delivers, retrying when the mail server fails.

The worker's Redis is TEST_REDIS_URL (default redis://127.0.0.1:6379/14), whose database is
emptied first. Without a reachable server the worker tests skip, except under CI=true, where
they fail: CI must prove them."""

import os
import socket
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.core.management import call_command
from django.db import connections

from outbox.models import Email
from tests.factories import HeadteacherFactory
from tests.outbox.conftest import broker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
RESET_PAGE = "/accounts/password/reset/"


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_a_page_answers_when_the_broker_is_down_and_the_email_is_sent_later(client):
    HeadteacherFactory(email="head@school.example")
    with broker(f"redis://127.0.0.1:{_closed_port()}/0"):
        response = client.post(RESET_PAGE, {"email": "head@school.example"})
    assert response.status_code == 302
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 0)
    assert mail.outbox == []
    # The broker is back (here: tasks run in the process again); the periodic task's command
    # sends what was left.
    call_command("send_unsent_email", "--older-than", "0")
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert mail.outbox[0].to == ["head@school.example"]


@pytest.fixture
def redis_broker():
    """A real worker's broker on TEST_REDIS_URL, emptied; skips (fails under CI) without one."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"no Redis server at TEST_REDIS_URL={REDIS_URL} ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the worker tests", pytrace=False)
        pytest.skip(message)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def worker(redis_broker):
    """A Celery worker in a thread of this process, taking tasks from Redis."""

    def close_connections(**kwargs):
        # The worker's thread has database connections of its own: close them after each task,
        # so that none is left when the test database is dropped.
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    with (
        broker(redis_broker) as app,
        start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"),
    ):
        yield app
    task_postrun.disconnect(close_connections)


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_sends_the_email_a_page_queued(worker, client):
    HeadteacherFactory(email="head@school.example")
    response = client.post(RESET_PAGE, {"email": "head@school.example"})
    assert response.status_code == 302
    assert _wait_for(lambda: Email.objects.filter(status=Email.Status.SENT).exists())
    assert [message.to for message in mail.outbox] == [["head@school.example"]]


@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_a_failing_mail_server_until_it_takes_the_email(
    worker, client, settings, flaky_mail_server
):
    settings.OUTBOX_RETRY_SECONDS = 1
    flaky_mail_server["failures_left"] = 2
    HeadteacherFactory(email="head@school.example")
    client.post(RESET_PAGE, {"email": "head@school.example"})
    assert _wait_for(lambda: Email.objects.filter(status=Email.Status.SENT).exists())
    email = Email.objects.get()
    assert email.attempts == 3  # two failures, then sent: once
    assert email.last_error == "The mail server closed the connection before the email was sent."
    assert len(mail.outbox) == 1
