"""Shared fixtures: role users, a school, assessments in each state, and database helpers."""

import hashlib
import importlib
import os

import pytest
from django.apps import apps
from django.db import connection

from tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    DirectorFactory,
    HeadteacherFactory,
    SchoolFactory,
    fill_complete,
)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite with a reason; the PostgreSQL run covers them."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL; runs in the PostgreSQL pass of the test command")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _emails_through_the_outbox(django_test_environment):
    """Every email goes through the outbox in the tests too: Django's test set-up has replaced
    EMAIL_BACKEND with its in-memory one, which the outbox delivers to instead."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"


@pytest.fixture(scope="session", autouse=True)
def _prepared_queries_compiled_afresh():
    """Each test session compiles its prepared queries from the code it runs. mutmut forks each
    mutant's session from a process that has run the tests: without this, a mutant of a
    Prepared's build ran the parent's compiled SQL, and the check (PREPARED_QUERIES_CHECK)
    failed on the difference rather than any test on the behaviour (docs/testing.md)."""
    from prepared import forget_compiled

    forget_compiled()


@pytest.fixture(autouse=True)
def _emails_delivered_when_the_code_commits(monkeypatch):
    """An email is delivered once the transaction that wrote it commits. A test runs inside a
    transaction of its own that never commits, so here "commits" means: when no transaction but
    the test's is open (a view or service outside `atomic`, or a captured on-commit callback
    being run), the email is delivered at once, as it would be in the app; inside the code's own
    `atomic` it waits for its commit as ever (django_capture_on_commit_callbacks runs it)."""
    from django.db import transaction

    from outbox import services

    original = services.deliver_after_commit

    def deliver_after_commit(email_ids):
        blocks = transaction.get_connection().atomic_blocks
        if email_ids and blocks and all(getattr(block, "_from_testcase", False) for block in blocks):
            services.queue_delivery(email_ids)
        else:
            original(email_ids)

    monkeypatch.setattr(services, "deliver_after_commit", deliver_after_commit)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test stores files in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the database is emptied between tests, so ids come
    round again, which they never do in a real database."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture
def shared_cache(settings):
    """The app as it runs with a cache every server shares (IQM_CACHE_URL): sessions, users and
    pages read through it. The test run's memory cache stands in for Redis, which
    tests/pagecache/test_redis.py covers."""
    settings.IQM_SHARED_CACHE = True
    settings.IQM_PAGE_CACHE = True


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def other_school(db):
    return SchoolFactory()


@pytest.fixture
def lead(db):
    return AssessorFactory(first_name="Roger", last_name="Yates")


@pytest.fixture
def co_assessor(db):
    return AssessorFactory(first_name="Cora", last_name="Assessor")


@pytest.fixture
def other_assessor(db):
    return AssessorFactory(first_name="Otto", last_name="Outsider")


@pytest.fixture
def director(db):
    return DirectorFactory(first_name="Joe", last_name="McCann")


@pytest.fixture
def headteacher(school):
    return HeadteacherFactory(school=school)


@pytest.fixture
def other_headteacher(other_school):
    return HeadteacherFactory(school=other_school)


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(role="", is_staff=True, is_superuser=True, username="root")


@pytest.fixture
def draft(school, lead, co_assessor):
    assessment = AssessmentFactory(school=school, lead_assessor=lead)
    assessment.co_assessors.add(co_assessor)
    return assessment


@pytest.fixture
def complete_draft(draft):
    return fill_complete(draft)


@pytest.fixture
def demo(db, monkeypatch):
    """The demo data, loaded by the real command; returns the confirmed reference assessment.

    Loading issues the reference letter, which renders its PDF. The letter's HTML is the same
    every time, so while the command runs the PDF of identical HTML is made once per test
    session; tests of rendering itself call the renderer afresh."""
    from django.core.management import call_command

    from assessments.models import Assessment
    from reports import letter

    real = letter.html_to_pdf

    def html_to_pdf_once(html, **kwargs):
        if kwargs:
            return real(html, **kwargs)
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in _DEMO_PDFS:
            _DEMO_PDFS[key] = real(html)
        return _DEMO_PDFS[key]

    # Verification codes in the order the demo issues its letters, so each letter's HTML (which
    # prints its code) is the same in every test and is rendered once.
    codes = iter(f"DEM0C0DE{n:02d}" for n in range(100))

    with monkeypatch.context() as patch:
        patch.setattr(letter, "html_to_pdf", html_to_pdf_once)
        patch.setattr("reports.issuing.new_unused_code", lambda: next(codes))
        call_command("load_demo", password="demo-password", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Assessment.objects.get(status="confirmed", kind="reassessment", school__postcode="WA7 4SY")


_DEMO_PDFS: dict[str, bytes] = {}


@pytest.fixture
def submitted(complete_draft, lead):
    """A complete draft, submitted by its lead assessor."""
    from assessments.services import assessment_submit

    return assessment_submit(assessment=complete_draft, by=lead)


@pytest.fixture
def confirmed(submitted, director):
    """A submitted assessment, confirmed by a director: its report is issued."""
    from assessments.services import assessment_confirm

    return assessment_confirm(assessment=submitted, by=director)


def restore_migration_rows() -> None:
    """Put back the rows the migrations make (frameworks, their letters' words, kinds of visit
    and award levels, the crosswalk, the award-expiry reminders' windows, the spelling check's project words) if a transactional test has emptied the database."""
    from assessments.kinds import ensure_builtin

    def migration(name):
        return importlib.import_module(f"assessments.migrations.{name}")

    if not apps.get_model("assessments", "Framework").objects.exists():
        migration("0002_frameworks").create_frameworks(apps, None)
        migration("0006_kinds_and_award_levels").frameworks_words(apps, None)
        migration("0008_crosswalk").seed_crosswalk(apps, None)
    if not apps.get_model("assessments", "VisitKind").objects.exists():
        ensure_builtin()
    if not apps.get_model("cycle", "ExpiryNotice").objects.exists():
        importlib.import_module("cycle.migrations.0002_seed_expiry_notices").seed(apps, None)
    if not apps.get_model("library", "ProjectWord").objects.exists():
        importlib.import_module("library.migrations.0003_project_words").add_words(apps, None)


@pytest.fixture(autouse=True)
def _migration_rows(request, django_db_blocker):
    """Every test that uses the database finds the rows the migrations make, whatever a
    transactional test that ran before it emptied (pytest-django runs those among the others)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or (
        "db" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        restore_migration_rows()


@pytest.fixture
def migration_data_back(django_db_blocker):
    """Around a transactional test, make sure the rows migrations make (the frameworks, their
    letters' words, the kinds of visit and award levels) are there: such a test ends by emptying
    the database, and every later test may rely on them as any real database has them."""

    def restore():
        with django_db_blocker.unblock():
            restore_migration_rows()

    restore()
    yield
    restore()
