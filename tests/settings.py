"""Settings for the test suite: the project's settings with the bench app, fast password hashing
and emails delivered to an in-memory mailbox. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")

from iqm.settings import *  # noqa: F403

# The development-only bench app too (bench.settings installs it; the product does not), so that
# its seed_bulk command is tested with the rest.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test run has its own memory cache, whatever IQM_CACHE_URL the shell has; the tests that
# need a shared cache say so (the `shared_cache` fixture, and tests/pagecache/test_redis.py for Redis).
IQM_SHARED_CACHE = False
SESSION_ENGINE = "accounts.sessions"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "iqm-tests"},
    "immutable": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "iqm-tests-immutable",
    },
}
# Every email goes through the outbox, as in the app, and is delivered into Django's test
# mailbox (django.core.mail.outbox). Django's test set-up puts its locmem backend in
# EMAIL_BACKEND; tests/conftest.py puts the outbox's back. Tasks run in the test's process once
# its transaction commits (no broker), and a task's error fails the test.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="iqm-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = tempfile.mkdtemp(prefix="iqm-test-static-")
# Each test process signs letters with a development key of its own, made on first use (RSA key
# generation takes a moment, so once per process, not per test).
_SIGNING_DIR = tempfile.mkdtemp(prefix="iqm-test-signing-")
IQM_SIGNING_KEY = os.path.join(_SIGNING_DIR, "key.pem")
IQM_SIGNING_CERT = os.path.join(_SIGNING_DIR, "cert.pem")
IQM_SIGNING_DEV_KEY_AUTO = True

# SQLite: a file, not Django's in-memory shared-cache database, for the test database. The
# live server's threads and the browser's parallel requests (autosave beside a form post) then
# queue on SQLite's busy timeout, as they do in the app, instead of failing at once with
# "database table is locked", which the shared cache answers and no timeout retries.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _TEST_DB = os.path.join(tempfile.mkdtemp(prefix="iqm-test-db-"), "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB}  # noqa: F405

# Templates only the tests use (a part plugged in by tests/assessments/test_parts_registry.py).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], os.path.join(os.path.dirname(__file__), "templates")]  # noqa: F405
# Every prepared query (prepared.Prepared) is compared at each call with the SQL and parameters
# Django compiles for the same values: a test passing through one checks it.
PREPARED_QUERIES_CHECK = True
# The tests read the SQL of the queries they capture: run as Django would run them. The
# prepared statements themselves are tested in tests/prepared/test_prepared_statements.py.
PREPARED_STATEMENTS = False
