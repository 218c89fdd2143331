"""Two requests writing to SQLite at once (an autosave and a form post) queue instead of failing
with "database is locked": iqm.env.env_database gives SQLite connections BEGIN IMMEDIATE and a
20-second busy timeout."""

import contextlib
import threading

import pytest
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from iqm.env import SQLITE_OPTIONS, env_database


def test_the_default_sqlite_file_takes_the_write_lock_at_the_start_of_a_transaction(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}


def test_a_sqlite_url_takes_the_write_lock_at_the_start_of_a_transaction(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["NAME"] == f"{tmp_path}/other.sqlite3"
    assert config["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}


def test_postgresql_gets_no_sqlite_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://iqm@127.0.0.1:5432/iqm")
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert "transaction_mode" not in config.get("OPTIONS", {})
    assert "timeout" not in config.get("OPTIONS", {})


def _write_at_once(config: dict) -> list[BaseException]:
    """Two threads, each with its own connection to the same SQLite file, each reading a row and
    then writing it inside a transaction, as a view does. A barrier holds both until both have
    read (or for a second, if one is already waiting for the other's lock). Returns the errors."""
    alias = "sqlite_locking"
    settings = connections.configure_settings({"default": config, alias: config})[alias]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(value: str) -> None:
        connection = DatabaseWrapper(settings, alias=alias)
        connections[alias] = connection  # per thread: the handler keeps connections thread-local
        try:
            with transaction.atomic(using=alias), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM note WHERE id = 1")
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=1)
                cursor.execute("UPDATE note SET value = %s WHERE id = 1", [value])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()
            del connections[alias]

    setup = DatabaseWrapper(settings, alias=alias)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, value TEXT)")
        cursor.execute("INSERT INTO note (id, value) VALUES (1, 'start')")
    setup.close()
    threads = [threading.Thread(target=write, args=(value,)) for value in ("autosave", "form post")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.fixture
def unblocked(django_db_blocker):
    with django_db_blocker.unblock():
        yield


def test_two_transactions_writing_at_once_both_succeed(unblocked, monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert _write_at_once(config) == []


def test_without_the_options_one_of_them_fails_with_database_is_locked(unblocked, tmp_path):
    """The failure the options prevent, shown on SQLite's defaults (so this test breaks if the
    scenario above stops exercising it)."""
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    errors = _write_at_once(config)
    assert len(errors) == 1
    assert isinstance(errors[0], OperationalError)
    assert "database is locked" in str(errors[0])


def test_the_options_are_ones_django_accepts():
    assert SQLITE_OPTIONS["transaction_mode"] in DatabaseWrapper.transaction_modes
