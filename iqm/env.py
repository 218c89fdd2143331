"""Small strict readers for settings that come from environment variables.

Each raises ImproperlyConfigured naming the variable when its value cannot be used, so a
misconfigured server stops at start-up instead of misbehaving later.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable's value, or the default; with no default the variable is required."""
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return True for 1/true/yes/on, False for 0/false/no/off (case-insensitive)."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, not below the minimum."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    """Return the variable if it is one of the choices."""
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}; got {value!r}.")
    return value


# Two requests writing at once (an autosave and a form post) must queue, not fail. In SQLite's
# default DEFERRED mode a transaction that reads and then writes cannot wait for another writer:
# SQLite answers "database is locked" at once. BEGIN IMMEDIATE takes the write lock at the start
# of the transaction, so the second one waits (up to `timeout` seconds) and then goes ahead.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


def env_database(name: str, default_sqlite: Path) -> dict:
    """Return a DATABASES entry from a database URL (sqlite:///… or postgres://…); SQLite
    databases get SQLITE_OPTIONS."""
    import dj_database_url

    value = os.environ.get(name, "").strip()
    if not value:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    if not value.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:///path or postgres://user@host:port/name URL; got {value!r}."
        )
    try:
        config = dj_database_url.parse(
            value,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600, minimum=0),
            # A health check is a `SELECT 1` before every request: a fifth of the database
            # round trips of a small page. Off, a connection the server dropped fails one
            # request and is then replaced (Django closes connections that raised errors).
            conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", False),
        )
    except Exception as exc:  # dj-database-url raises several kinds of error for bad URLs
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database; got {value!r}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
