"""The outbox's fixtures: a mail server that fails, and the task queue pointed at a broker."""

import contextlib

import kombu.pools
import pytest

from iqm.celery import app as celery_app
from tests.outbox import mail_servers


@pytest.fixture
def mail_server_down(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.mail_servers.DownBackend"


@pytest.fixture
def flaky_mail_server(settings):
    """A mail server that fails as many times as the test sets, then works."""
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.mail_servers.FlakyBackend"
    yield mail_servers.FLAKY
    mail_servers.FLAKY["failures_left"] = 0


def _reset_connections():
    # The app keeps its broker connections in pools made for the old URL: drop them.
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # kombu keeps producer pools by connection, whatever app made them: forget those too.
    kombu.pools.reset()


@contextlib.contextmanager
def broker(url: str):
    """The task queue with a real broker at `url`, not running tasks in the process; as before
    afterwards."""
    keys = ("broker_url", "task_always_eager", "worker_hijack_root_logger")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url=url, task_always_eager=False, worker_hijack_root_logger=False)
    _reset_connections()
    try:
        yield celery_app
    finally:
        _reset_connections()
        celery_app.conf.update(saved)
