"""Settings come from the environment; bad values stop start-up naming the variable, and the
production configuration passes `manage.py check --deploy`."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from iqm.env import env_database
from reports.signing import make_key_pair

ROOT = Path(__file__).resolve().parents[2]
# Production signs every issued letter: it needs a key and certificate (reports.E001 otherwise).
_SIGNING = Path(tempfile.mkdtemp(prefix="iqm-test-production-signing-"))
make_key_pair(_SIGNING / "key.pem", _SIGNING / "cert.pem")
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k9$2vQ!x7Lr@pZ3mW8#tY5nB1cE6fH0jU4sD-aG_oI+eR=uT-test-only-key",
    "DJANGO_ALLOWED_HOSTS": "iqm.example.org",
    "SITE_URL": "https://iqm.example.org",
    "IQM_SIGNING_KEY": str(_SIGNING / "key.pem"),
    "IQM_SIGNING_CERT": str(_SIGNING / "cert.pem"),
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "iqm.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_with_a_local_site_url_is_warned_letters_would_print_it():
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "reports.W001" in result.stderr
    assert "SITE_URL is 'http://127.0.0.1:8000'" in result.stderr


def test_production_without_a_signing_key_fails_the_check_naming_the_settings():
    env = {k: v for k, v in PRODUCTION.items() if not k.startswith("IQM_SIGNING_")}
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "reports.E001" in result.stderr
    assert "IQM_SIGNING_KEY and IQM_SIGNING_CERT" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be one of"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL must be a sqlite:///path or postgres://"),
        ("EMAIL_BACKEND", "smtp", "EMAIL_BACKEND must be one of"),
        ("SESSION_COOKIE_AGE", "5", "SESSION_COOKIE_AGE must be at least 60"),
        ("CELERY_BROKER_URL", "amqp://guest@broker//", "CELERY_BROKER_URL must be a redis://"),
        ("IQM_EMAIL_MAX_ATTEMPTS", "0", "IQM_EMAIL_MAX_ATTEMPTS must be at least 1"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_runs_with_no_configuration_at_all():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_postgresql_keeps_connections_without_a_query_per_request(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://iqm@127.0.0.1:5432/iqm")
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    monkeypatch.delenv("DATABASE_HEALTH_CHECKS", raising=False)
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["CONN_MAX_AGE"] == 600
    assert config["CONN_HEALTH_CHECKS"] is False


def test_postgresql_connection_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://iqm@127.0.0.1:5432/iqm")
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    monkeypatch.setenv("DATABASE_HEALTH_CHECKS", "on")
    config = env_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["CONN_MAX_AGE"] == 0
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("name", "value"), [("DATABASE_CONN_MAX_AGE", "-1"), ("DATABASE_HEALTH_CHECKS", "maybe")]
)
def test_bad_connection_settings_stop_start_up_naming_the_variable(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("DATABASE_URL", "postgres://iqm@127.0.0.1:5432/iqm")
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        env_database("DATABASE_URL", tmp_path / "db.sqlite3")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("IQM_CACHE_URL", "memcached://x", "IQM_CACHE_URL must be a redis://"),
        ("IQM_USER_CACHE_SECONDS", "0", "IQM_USER_CACHE_SECONDS must be at least 1"),
        ("IQM_PAGE_CACHE_SECONDS", "0", "IQM_PAGE_CACHE_SECONDS must be at least 1"),
        ("IQM_PAGE_CACHE", "maybe", "IQM_PAGE_CACHE must be one of"),
    ],
)
def test_a_bad_cache_setting_stops_start_up_naming_the_variable(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


SHOW_CACHE_SETTINGS = (
    "from django.conf import settings; import json; print(json.dumps({"
    "'backend': settings.CACHES['default']['BACKEND'],"
    "'location': settings.CACHES['default'].get('LOCATION'),"
    "'immutable': settings.CACHES['immutable']['BACKEND'],"
    "'sessions': settings.SESSION_ENGINE,"
    "'shared': settings.IQM_SHARED_CACHE}))"
)


def cache_settings(**env: str) -> dict:
    import json

    result = manage("shell", "-c", SHOW_CACHE_SETTINGS, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/13",
        # Nothing listens on port 1: selecting the backend must not connect anywhere.
        "redis://127.0.0.1:1/13",
    ],
)
def test_a_cache_url_selects_redis_cached_sessions_and_the_shared_cache(url):
    assert cache_settings(IQM_CACHE_URL=url) == {
        "backend": "pagecache.redis.RedisCache",
        "location": url,
        "immutable": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "shared": True,
    }


def test_without_a_cache_url_each_process_has_its_own_memory_cache(monkeypatch):
    monkeypatch.delenv("IQM_CACHE_URL", raising=False)
    assert cache_settings() == {
        "backend": "django.core.cache.backends.locmem.LocMemCache",
        "location": None,
        "immutable": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "accounts.sessions",  # the database store, its row read by a prepared query
        "shared": False,
    }


def test_production_settings_with_a_cache_url_pass_check_deploy_without_reaching_redis():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, IQM_CACHE_URL="redis://127.0.0.1:1/13"
    )
    assert result.returncode == 0, result.stdout + result.stderr
