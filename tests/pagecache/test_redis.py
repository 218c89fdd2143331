"""The shared cache against a real Redis server (IQM_CACHE_URL in production).

pagecache.redis.RedisCache keeps one redis client per connection pool; every operation the app uses
(get/set, get_many, set_many without expiry, add, delete_many, timeouts) round-trips through
it; and with the production arrangement — Redis as the default cache, cached_db sessions,
IQM_SHARED_CACHE — a signed-in request reads neither its session nor its user from the
database, page generations move on in Redis, and signing out deletes the session from it.

The server is TEST_REDIS_URL (default redis://127.0.0.1:6379/14), whose database is emptied
before each test. Without a reachable server the module is skipped, except under CI=true,
where it fails: CI must prove all of it.
"""

import os
import time

import pytest
import redis
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import topics as pagecache
from pagecache.redis import RedisCache
from pagecache.rows import user_cache_key
from tests.factories import AssessorFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
PREFIX = "iqm-test"
SIGN_IN_PAGE = "/accounts/login/?next=/"


@pytest.fixture(scope="module", autouse=True)
def redis_server():
    """A raw client of the test server; skips the module (fails it under CI) when unreachable."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"no Redis server at TEST_REDIS_URL={REDIS_URL} ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the Redis tests", pytrace=False)
        pytest.skip(message)
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(autouse=True)
def raw(redis_server):
    """The raw client, with the test database emptied."""
    redis_server.flushdb()
    return redis_server


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": PREFIX, "TIMEOUT": 300})
    yield backend
    backend.close()


@pytest.fixture
def redis_app(settings):
    """The app as production runs it with IQM_CACHE_URL (iqm.settings), on the test server.
    Changing CACHES resets django.core.cache.caches (Django's setting_changed handler)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": PREFIX,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
        "immutable": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "redis-tests"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.IQM_SHARED_CACHE = True
    settings.IQM_PAGE_CACHE = True
    assert isinstance(caches["default"], RedisCache)
    return settings


def tables_read(captured: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


# The backend -----------------------------------------------------------------------------------


def test_it_reuses_one_redis_client_for_reads_and_writes(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client
    assert isinstance(client, redis.Redis)


def test_it_makes_one_client_however_many_calls(redis_cache, monkeypatch):
    made = []
    real = redis_cache._cache._client

    def counting(**kwargs):
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(redis_cache._cache, "_client", counting)
    for n in range(5):
        redis_cache.set(f"k{n}", n)
        assert redis_cache.get(f"k{n}") == n
    redis_cache.get_many(["k1", "k2"])
    redis_cache.delete_many(["k1"])
    assert len(made) == 1


@pytest.mark.django_db
def test_it_round_trips_a_dict_and_a_model_instance(redis_cache, raw):
    value = {"rows": [1, 2, 3], "title": "Café", "nested": {"ok": True}}
    redis_cache.set("dict", value)
    assert redis_cache.get("dict") == value
    user = AssessorFactory(first_name="Roger")
    redis_cache.set("user", user)
    back = redis_cache.get("user")
    assert back == user
    assert (back.username, back.first_name, back.role, back.password) == (
        user.username,
        "Roger",
        "assessor",
        user.password,
    )
    assert back._state.adding is False
    assert raw.exists(f"{PREFIX}:1:dict", f"{PREFIX}:1:user") == 2
    assert redis_cache.get("missing", "default") == "default"


def test_get_many_returns_only_the_keys_it_has(redis_cache):
    redis_cache.set("a", 1)
    redis_cache.set("b", {"two": 2})
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": {"two": 2}}


def test_set_many_with_no_timeout_stores_keys_that_never_expire(redis_cache, raw):
    assert redis_cache.set_many({"gen:a": 1, "gen:b": 2}, timeout=None) == []
    assert redis_cache.get_many(["gen:a", "gen:b"]) == {"gen:a": 1, "gen:b": 2}
    assert raw.ttl(f"{PREFIX}:1:gen:a") == raw.ttl(f"{PREFIX}:1:gen:b") == -1
    redis_cache.set_many({"timed": 3})  # the default timeout, for contrast
    assert 0 < raw.ttl(f"{PREFIX}:1:timed") <= 300


def test_add_stores_only_the_first_value(redis_cache, raw):
    assert redis_cache.add("once", "first", timeout=None) is True
    assert redis_cache.add("once", "second", timeout=None) is False
    assert redis_cache.get("once") == "first"
    assert raw.ttl(f"{PREFIX}:1:once") == -1


def test_delete_many_deletes_those_keys_and_no_others(redis_cache):
    redis_cache.set_many({"a": 1, "b": 2, "c": 3})
    redis_cache.delete_many(["a", "b", "never-set"])
    assert redis_cache.get_many(["a", "b", "c"]) == {"c": 3}


def test_a_timeout_really_expires_the_key(redis_cache, raw):
    redis_cache.set("brief", "here", timeout=1)
    assert redis_cache.get("brief") == "here"
    time.sleep(1.5)
    assert redis_cache.get("brief") is None
    assert raw.exists(f"{PREFIX}:1:brief") == 0


# The app on Redis ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_request_reads_neither_session_nor_user_from_the_database(redis_app, raw, client, lead):
    client.force_login(lead)
    assert client.get("/").status_code == 200  # the first reads the user and notes "no 2FA device"
    session_key = client.cookies["sessionid"].value
    assert raw.exists(f"{PREFIX}:1:{SESSION_KEY_PREFIX}{session_key}") == 1
    assert raw.exists(f"{PREFIX}:1:{user_cache_key(lead.pk)}") == 1
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    assert lead.get_full_name().encode() in response.content
    sql = tables_read(captured)
    assert '"django_session"' not in sql
    assert '"accounts_user"' not in sql


@pytest.mark.django_db
def test_a_user_deactivated_is_cleared_from_redis_and_signed_out(redis_app, raw, client, lead):
    client.force_login(lead)
    assert client.get("/").status_code == 200
    assert raw.exists(f"{PREFIX}:1:{user_cache_key(lead.pk)}") == 1
    lead.is_active = False
    lead.save()
    assert raw.exists(f"{PREFIX}:1:{user_cache_key(lead.pk)}") == 0
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, SIGN_IN_PAGE)


@pytest.mark.django_db
def test_a_change_moves_the_generation_on_in_redis(redis_app, raw):
    before = pagecache.generations([pagecache.LISTS])
    assert raw.ttl(f"{PREFIX}:1:gen:{pagecache.LISTS}") == -1
    assert pagecache.generations([pagecache.LISTS]) == before
    pagecache.changed(pagecache.LISTS)
    after = pagecache.generations([pagecache.LISTS])
    assert after != before
    assert after[0] > before[0]
    # Another server, with a client of its own, sees the same generation.
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": PREFIX})
    assert other.get(f"gen:{pagecache.LISTS}") == after[0]
    other.close()


@pytest.mark.django_db
def test_signing_out_deletes_the_session_from_redis(redis_app, raw, client, lead):
    client.force_login(lead)
    assert client.get("/").status_code == 200
    old_key = client.cookies["sessionid"].value
    assert raw.exists(f"{PREFIX}:1:{SESSION_KEY_PREFIX}{old_key}") == 1
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert raw.exists(f"{PREFIX}:1:{SESSION_KEY_PREFIX}{old_key}") == 0
    client.cookies["sessionid"] = old_key
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, SIGN_IN_PAGE)
