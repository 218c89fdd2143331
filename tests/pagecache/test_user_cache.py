"""The signed-in user read from the shared cache (pagecache.rows.CachedUserBackend).

With a shared cache a signed-in request reads the user from it, not from accounts_user; every
change made through the models clears the entry, so deactivating, deleting, a new password or
a new role counts on the user's very next request; the entry expires after
IQM_USER_CACHE_SECONDS in any case; and without a shared cache the row is read every time. The
test run's memory cache stands in for Redis (the `shared_cache` fixture; tests/pagecache/test_redis.py
runs the same against a real Redis).
"""

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from pagecache import rows as backends
from pagecache.rows import CachedUserBackend, user_cache_key
from tests.factories import AssessorFactory

SIGN_IN_PAGE = "/accounts/login/?next=/"


def user_row_reads(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if '"accounts_user"' in query["sql"]]


def session_reads(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if '"django_session"' in query["sql"]]


def home(client: Client):
    """The home page, for a user who is signed in."""
    response = client.get("/")
    assert response.status_code == 200, "signed out"
    return response


def sent_to_sign_in(client: Client) -> bool:
    response = client.get("/")
    return (response.status_code, response.get("Location")) == (302, SIGN_IN_PAGE)


def signed_in_and_cached(client: Client, user: User) -> None:
    """Sign the user in and make one request, which puts them in the shared cache."""
    client.force_login(user)
    home(client)
    assert cache.get(user_cache_key(user.pk)) is not None


@pytest.mark.django_db
def test_it_reads_a_signed_in_user_from_the_shared_cache_after_the_first_request(shared_cache, client, lead):
    client.force_login(lead)
    with CaptureQueriesContext(connection) as first:
        home(client)
    assert len(user_row_reads(first)) == 1
    with CaptureQueriesContext(connection) as second:
        response = home(client)
    assert response.status_code == 200
    assert b">Your assessments</h1>" in response.content
    assert lead.get_full_name().encode() in response.content
    assert session_reads(second), "the session is still read from the database in tests"
    assert user_row_reads(second) == []


@pytest.mark.django_db
def test_without_the_shared_cache_the_user_row_is_read_on_every_request(settings, client, lead):
    settings.IQM_SHARED_CACHE = False
    client.force_login(lead)
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            home(client)
        assert len(user_row_reads(captured)) == 1
    assert cache.get(user_cache_key(lead.pk)) is None


@pytest.mark.django_db
def test_a_user_deactivated_with_save_is_signed_out_on_their_next_request(shared_cache, client, lead):
    signed_in_and_cached(client, lead)
    lead.is_active = False
    lead.save()
    assert sent_to_sign_in(client)


@pytest.mark.django_db
def test_a_user_deactivated_with_a_queryset_update_is_signed_out_on_their_next_request(
    shared_cache, client, lead
):
    signed_in_and_cached(client, lead)
    assert User.objects.filter(pk=lead.pk).update(is_active=False) == 1
    assert sent_to_sign_in(client)


@pytest.mark.django_db
def test_a_new_password_ends_the_session(shared_cache, client, lead):
    signed_in_and_cached(client, lead)
    lead.set_password("an entirely new passphrase")
    lead.save()
    assert sent_to_sign_in(client)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_director_made_an_assessor_gets_the_assessors_home_on_the_next_request(
    shared_cache, client, director
):
    client.force_login(director)
    response = home(client)
    assert b"Schedule a visit" in response.content
    assert b"Your assessments" not in response.content
    director.role = "assessor"
    director.save()
    response = home(client)
    assert response.status_code == 200
    assert b">Your assessments</h1>" in response.content
    assert b"Schedule a visit" not in response.content


@pytest.mark.django_db
def test_a_headteacher_moved_to_another_school_sees_that_school_on_the_next_request(
    shared_cache, client, headteacher, school, other_school
):
    client.force_login(headteacher)
    assert f"<h1>{school.letter_name}</h1>".encode() in home(client).content
    headteacher.school = other_school
    headteacher.save()
    response = home(client)
    assert f"<h1>{other_school.letter_name}</h1>".encode() in response.content
    assert school.letter_name.encode() not in response.content


@pytest.mark.django_db
def test_a_headteacher_moved_with_a_queryset_update_sees_the_new_school_on_the_next_request(
    shared_cache, client, headteacher, school, other_school
):
    client.force_login(headteacher)
    assert f"<h1>{school.letter_name}</h1>".encode() in home(client).content
    User.objects.filter(pk=headteacher.pk).update(school=other_school)
    assert f"<h1>{other_school.letter_name}</h1>".encode() in home(client).content


@pytest.mark.django_db
def test_users_deleted_through_a_queryset_are_signed_out(shared_cache):
    users = [AssessorFactory(), AssessorFactory()]
    clients = [Client(), Client()]
    for client, user in zip(clients, users, strict=True):
        signed_in_and_cached(client, user)
    User.objects.filter(pk__in=[user.pk for user in users]).delete()
    for client in clients:
        assert sent_to_sign_in(client)


@pytest.mark.django_db
def test_a_user_deleted_one_by_one_is_signed_out(shared_cache, client):
    user = AssessorFactory()
    signed_in_and_cached(client, user)
    user.delete()
    assert sent_to_sign_in(client)


class Clock:
    """The time the memory cache reads to decide what has expired, `offset` seconds ahead."""

    def __init__(self, real):
        self.real = real
        self.offset = 0

    def time(self) -> float:
        return self.real() + self.offset


@pytest.mark.django_db
def test_the_cached_user_expires_after_IQM_USER_CACHE_SECONDS(
    shared_cache, settings, client, lead, monkeypatch
):
    settings.IQM_USER_CACHE_SECONDS = 30
    clock = Clock(locmem.time.time)
    monkeypatch.setattr(locmem, "time", clock)
    signed_in_and_cached(client, lead)
    # A change made behind the models' back (psql) clears nothing: the cached row is used…
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, lead.pk])
    clock.offset = 29
    with CaptureQueriesContext(connection) as captured:
        home(client)
    assert user_row_reads(captured) == []
    # …until it expires; then the row is read again, and the user is signed out.
    clock.offset = 31
    with CaptureQueriesContext(connection) as captured:
        assert sent_to_sign_in(client)
    assert len(user_row_reads(captured)) == 1


WRITES = {
    "save": lambda user: user.save(),
    "instance delete": lambda user: user.delete(),
    "queryset update": lambda user: User.objects.filter(pk=user.pk).update(first_name="Renamed"),
    "queryset delete": lambda user: User.objects.filter(pk=user.pk).delete(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
def test_the_cached_user_is_cleared_again_when_the_transaction_commits(
    shared_cache, django_capture_on_commit_callbacks, write
):
    user = AssessorFactory()
    key = user_cache_key(user.pk)
    stale = CachedUserBackend().get_user(user.pk)
    assert cache.get(key) == stale
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        WRITES[write](user)
        assert cache.get(key) is None
        # Another server's request, whose transaction still saw the old row, caches it meanwhile.
        cache.set(key, stale, 60)
    assert callbacks
    assert cache.get(key) is None


@pytest.mark.django_db
def test_forget_cached_users_runs_again_on_commit_with_the_same_ids(
    shared_cache, django_capture_on_commit_callbacks, monkeypatch
):
    users = [AssessorFactory(), AssessorFactory()]
    calls = []
    monkeypatch.setattr(backends, "forget_cached_users", lambda ids: calls.append(sorted(ids)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        User.objects.filter(pk__in=[u.pk for u in users]).update(is_active=False)
    ids = sorted(u.pk for u in users)
    assert calls == [ids]
    for callback in callbacks:
        callback()
    assert calls == [ids, ids]


# Outside a transaction (a script, the shell, the admin's "delete selected" action) the write
# commits by itself: the clearing "once the transaction commits" must come after it, or a request
# that reads the row between the clearing and the write caches the old row for
# IQM_USER_CACHE_SECONDS.
DEACTIVATIONS = {
    "save": lambda user: (setattr(user, "is_active", False), user.save()),
    "instance delete": lambda user: user.delete(),
    "queryset update": lambda user: User.objects.filter(pk=user.pk).update(is_active=False),
    "queryset delete": lambda user: User.objects.filter(pk=user.pk).delete(),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "write",
    [
        "save",
        "instance delete",
        "queryset update",
        "queryset delete",
    ],
)
def test_outside_a_transaction_a_request_racing_the_write_cannot_keep_the_old_user(
    shared_cache, migration_data_back, client, monkeypatch, write
):
    """Each time the entry is cleared, another server's request for the user reads the row at
    once and caches what it finds; after the last clearing that must be the new row (or none)."""
    user = AssessorFactory()
    signed_in_and_cached(client, user)
    real_forget = backends.forget_cached_users

    def forget_then_another_request_reads_the_user(user_ids):
        real_forget(user_ids)
        CachedUserBackend().get_user(user.pk)

    monkeypatch.setattr(backends, "forget_cached_users", forget_then_another_request_reads_the_user)
    DEACTIVATIONS[write](user)
    monkeypatch.undo()
    assert sent_to_sign_in(client)
