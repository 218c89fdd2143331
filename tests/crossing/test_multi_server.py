"""Beyond one machine: app servers keep no state of their own.

Two gunicorn processes on different ports, with production settings, share one PostgreSQL
database and one file store, as N servers behind a load balancer would: a session started on one
works on the other, and an issued PDF stored by one downloads from the other. And the storage
switch selects django-storages' S3 backend without connecting anywhere.
"""

import contextlib
import ctypes
import hashlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-one-database"
START_TIMEOUT = 40  # seconds for a server to answer its first request
REQUEST_TIMEOUT = 20


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production server, minus anything this test run has set."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "GUNICORN_", "IQM_"))
    }
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="iqm.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="multi-server-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # No TLS here: the proxy that would terminate it is not part of the test.
        DJANGO_SECURE_SSL_REDIRECT="false",
        # Two-factor enrolment for directors is tested elsewhere; here it would only stand
        # between the sign-in and the page that shows the session is shared.
        IQM_2FA_ENFORCED="false",
    )
    env.update(extra)
    return env


def database_url() -> str:
    """The URL of the database pytest-django created for this run."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One gunicorn process and the port it listens on."""

    process: subprocess.Popen
    port: int
    log: Path

    def request(self, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None):
        """(status, headers, body) of one request, with no redirect followed."""
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            client.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def cookies_from(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def _die_with_parent() -> None:
    """On Linux, have the kernel stop the server if the test process dies without stopping it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_MAX_REQUESTS": "0"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "iqm.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a stuck server can be killed whole
            preexec_fn=_die_with_parent,
        )
    server = Server(process, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on port {port} exited:\n{log.read_text(errors='replace')}")
        try:
            if server.request("GET", "/accounts/login/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise AssertionError(f"gunicorn on port {port} did not answer in {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic once, as a deployment does before starting its servers."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def servers(migration_data_back, transactional_db, static_root, settings, tmp_path):
    """Two app servers on one database and one MEDIA_ROOT (the one this test's storage uses).

    The servers see only committed rows, hence a transactional test (which ends by emptying the
    database; `migration_data_back`, set up before it, is torn down after it).
    """
    env = production_env(
        DATABASE_URL=database_url(), MEDIA_ROOT=str(settings.MEDIA_ROOT), STATIC_ROOT=str(static_root)
    )
    with two_servers(env, tmp_path) as started:
        yield started


@contextlib.contextmanager
def two_servers(env: dict[str, str], logs: Path):
    """Servers a and b with the same settings, stopped at the end whatever happens."""
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_server(env, logs / f"gunicorn-{name}.log"))
        yield started
    finally:
        for server in started:
            server.stop()


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_url() -> str:
    """A Redis database for the servers to share, emptied first (see tests/pagecache/test_redis.py)."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        message = f"needs Redis at {TEST_REDIS_URL} (TEST_REDIS_URL): {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return TEST_REDIS_URL


@pytest.fixture
def cached_servers(redis_url, migration_data_back, transactional_db, static_root, settings, tmp_path):
    """Two app servers on one database, one file store and one Redis (IQM_CACHE_URL): sessions,
    users and pages read through the shared cache."""
    env = production_env(
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        STATIC_ROOT=str(static_root),
        IQM_CACHE_URL=redis_url,
    )
    with two_servers(env, tmp_path) as started:
        yield started


def sign_in(server: Server, username: str) -> dict[str, str]:
    """Sign in through the login form; returns the cookies the browser would keep."""
    status, headers, body = server.request("GET", "/accounts/login/")
    assert status == 200
    cookies = cookies_from(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, headers, _ = server.request(
        "POST",
        "/accounts/login/",
        cookies=cookies,
        form={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
    )
    assert status == 302, "the login form did not accept the credentials"
    cookies.update(cookies_from(headers))
    assert "sessionid" in cookies
    return cookies


def production_user(**fields):
    """A user whose password the servers' own (production) hashers can check."""
    user = UserFactory(**fields)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


@pytest.mark.postgres
def test_a_session_started_on_one_server_works_on_the_other(servers):
    a, b = servers
    assert a.port != b.port
    user = production_user(username="admin", role="", is_staff=True, is_superuser=True)

    assert b.request("GET", "/")[0] == 302  # not signed in: off to the login page
    cookies = sign_in(a, user.username)
    status, _, body = b.request("GET", "/", cookies={"sessionid": cookies["sessionid"]})
    assert status == 200
    assert b"Sign in" not in body


@pytest.mark.postgres
def test_an_issued_pdf_stored_by_one_server_downloads_from_the_other(servers, settings):
    a, b = servers
    # Server A's side: it stores the PDF through Django's storage API, under the MEDIA_ROOT that
    # both servers share (an S3 bucket in production).
    data = b"%PDF-1.7\n% an issued letter\n%%EOF\n"
    name = default_storage.save("issued/multi-server-test.pdf", ContentFile(data))
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == data

    # Record the file as the issued report of a confirmed assessment, sign in on server A as a
    # director, and download it from server B.
    from django.urls import reverse

    from reports.models import IssuedReport
    from tests.factories import AssessmentFactory, DirectorFactory

    director = DirectorFactory()
    director.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    director.save(update_fields=["password"])
    assessment = AssessmentFactory(status="confirmed", confirmed_by=director, confirmed_at=timezone.now())
    issued = IssuedReport.objects.create(
        assessment=assessment,
        revision=1,
        file=name,
        filename="IQM-report-multi-server.pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        created_at=timezone.now(),
        created_by=director,
    )
    cookies = sign_in(a, director.username)
    status, _, body = b.request(
        "GET",
        reverse("issued_report_download", args=[issued.pk]),
        cookies={"sessionid": cookies["sessionid"]},
    )
    assert status == 200
    assert body == data


def form_token(server: Server, path: str, cookies: dict) -> str:
    status, _, body = server.request("GET", path, cookies=cookies)
    assert status == 200, (path, status)
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()


@pytest.mark.postgres
def test_with_a_shared_cache_a_session_crosses_servers_and_signing_out_on_one_ends_it_on_both(cached_servers):
    a, b = cached_servers
    user = production_user(username="admin", role="", is_staff=True, is_superuser=True)
    cookies = sign_in(a, user.username)
    assert b.request("GET", "/", cookies=cookies)[0] == 200
    token = form_token(b, "/", cookies)
    status, _, _ = a.request(
        "POST", "/accounts/logout/", cookies=cookies, form={"csrfmiddlewaretoken": token}
    )
    assert status == 302
    assert b.request("GET", "/", cookies=cookies)[0] == 302  # off to the sign-in page
    assert a.request("GET", "/", cookies=cookies)[0] == 302


@pytest.mark.postgres
def test_a_user_deactivated_is_signed_out_on_every_server_at_once(cached_servers):
    a, b = cached_servers
    user = production_user(username="admin", role="", is_staff=True, is_superuser=True)
    cookies = sign_in(a, user.username)
    assert b.request("GET", "/", cookies=cookies)[0] == 200  # B now holds the user in the cache
    # The deactivation is saved where neither server is: this test process, on the same Redis.
    from django.test import override_settings

    with override_settings(
        IQM_SHARED_CACHE=True,
        CACHES={
            "default": {
                "BACKEND": "pagecache.redis.RedisCache",
                "LOCATION": TEST_REDIS_URL,
                "KEY_PREFIX": "iqm",
            }
        },
    ):
        user.is_active = False
        user.save()
    assert b.request("GET", "/", cookies=cookies)[0] == 302
    assert a.request("GET", "/", cookies=cookies)[0] == 302


@pytest.mark.postgres
def test_a_page_cached_by_one_server_shows_a_change_made_on_the_other(cached_servers):
    from tests.factories import AssessmentFactory, DirectorFactory, SchoolFactory

    a, b = cached_servers
    director = DirectorFactory()
    director.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    director.save(update_fields=["password"])
    school = SchoolFactory(name="Two Servers School", addressed_name="Two Servers School")
    AssessmentFactory(school=school)
    cookies = sign_in(a, director.username)
    for _ in range(2):  # B renders the home page, then serves it from the cache
        status, _, body = b.request("GET", "/", cookies=cookies)
        assert status == 200
        assert b"Two Servers School" in body

    edit = f"/schools/{school.pk}/edit/"
    form = {
        "csrfmiddlewaretoken": form_token(a, edit, cookies),
        "name": "Renamed On Server A",
        "addressed_name": "Renamed On Server A",
        "town": school.town,
        "postcode": school.postcode,
        "phase": school.phase,
        "number_on_roll": school.number_on_roll,
        "headteacher_title": school.headteacher_title,
        "headteacher_name": school.headteacher_name,
        "address_lines": school.address_lines,
        "county": school.county,
        "local_authority": school.local_authority,
    }
    status, _, body = a.request("POST", edit, cookies=cookies, form=form)
    assert status == 302, body[:300]
    status, _, body = b.request("GET", "/", cookies=cookies)
    assert b"Renamed On Server A" in body
    assert b"Two Servers School" not in body


def settings_in_subprocess(**env: str) -> subprocess.CompletedProcess:
    """Load the production settings in a fresh interpreter and describe the default storage."""
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__module__ + '.' + type(s).__name__)\n"
        "print(getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''), getattr(s, 'file_overwrite', ''))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_files_are_stored_in_the_media_folder_by_default():
    result = settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_iqm_storage_s3_selects_the_s3_backend_without_connecting():
    result = settings_in_subprocess(
        IQM_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="iqm-issued",
        # Nothing listens here; selecting the backend must not try.
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
    )
    assert result.returncode == 0, result.stderr
    backend, options = result.stdout.splitlines()
    assert backend == "storages.backends.s3.S3Storage"
    assert options == "iqm-issued http://127.0.0.1:9 False"  # an issued PDF is never overwritten


def test_iqm_storage_s3_without_a_bucket_stops_start_up_naming_the_variable():
    result = settings_in_subprocess(IQM_STORAGE="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME must name the bucket" in result.stderr


def test_an_unknown_storage_stops_start_up_naming_the_variable():
    result = settings_in_subprocess(IQM_STORAGE="ftp")
    assert result.returncode != 0
    assert "IQM_STORAGE must be one of filesystem, s3" in result.stderr
