"""Load benchmark: gunicorn on the seeded PostgreSQL database, driven by wrk.

    python bench/load.py --full               # the whole benchmark: three rounds, the table to paste
    python bench/load.py                      # one round: 9 pages, 20 connections, 30 s each
    python bench/load.py --duration 10 --pages pdf,director_home --no-cache

If the benchmark database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/iqm_bench) holds no seeded data, or with --seed, it first
runs bench/seed-bulk (10,000 schools × 3 assessments). It empties its own Redis database
(BENCH_CACHE_URL, default redis://127.0.0.1:6379/15), the shared cache production servers are
given (IQM_CACHE_URL); --no-cache runs without it. It starts gunicorn (gunicorn.conf.py,
production settings under bench.settings, which adds the trivial view /bench/floor/: DJANGO_DEBUG
off) on a free port of 127.0.0.1 against that database with MEDIA_ROOT=BENCH_MEDIA_ROOT (default
/tmp/iqm-bench-media).
It picks a busy director, assessor and headteacher from the seeded data, gives those three a
fresh random password and the director an authenticator, gives the measured issued report a
verification code and its letter's page and publishes it (the only changes it makes to the
database, apart from sessions and, with --writes N, the measured assessment's summary and
element narrative, which an assessor then autosaves N times a second while each page is
measured), signs each in through the login form, checks each page answers 200 (the first
request of a page also fills the cache with it), then runs `wrk -t2 -c20 -d30s --latency`
against each page with the role's session cookie, after 10 s of the floor, and prints per page
requests per second, median, 95th and 99th percentiles, the floor's 95th percentile and the
page's multiple of it, and errors by kind (timeouts, connect, read and write errors, responses
other than 2xx by status); at the end, all of it with the commit, as a block to paste into
docs/performance.md. gunicorn is stopped at the end of each round, whatever happens.

Nothing here reaches beyond 127.0.0.1. It is a benchmark, not a test: nothing asserts a time.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iqm_bench"
# The shared cache the app servers use in production (IQM_CACHE_URL): its own Redis database
# number, emptied before each run so nothing of an earlier seed is served.
DEFAULT_CACHE = "redis://127.0.0.1:6379/15"
DEFAULT_MEDIA = "/tmp/iqm-bench-media"  # noqa: S108 - bench/seed-bulk's default, on this machine only
SIGNING_DIR = Path(os.environ.get("BENCH_SIGNING_DIR", "/tmp/iqm-bench-signing"))  # noqa: S108 - as bench/seed-bulk

# wrk's own summary has no 95th percentile: this prints one line the script parses.
WRK_LUA = r"""
-- Every response other than 2xx, counted by status in each thread and added up in done().
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  counts = {}
  codes = ""
end
response = function(status, headers, body)
  if status < 200 or status > 299 then
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(counts) do
      parts[#parts + 1] = code .. ":" .. n
    end
    codes = table.concat(parts, ",")
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local all = {}
  for _, thread in ipairs(threads) do
    local text = thread:get("codes") or ""
    for code, n in string.gmatch(text, "(%d+):(%d+)") do
      all[code] = (all[code] or 0) + tonumber(n)
    end
  end
  local parts = {}
  for code, n in pairs(all) do
    parts[#parts + 1] = code .. ":" .. n
  end
  table.sort(parts)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ",")))
end
"""

# Chooses the subjects in the seeded data and sets the three passwords; prints one JSON line.
PICK = r"""
import json, os
from django.db.models import Count
from accounts.models import User
from assessments.models import Assessment, Statement
from reports.models import IssuedReport
from schools.models import School

password = os.environ["BENCH_PASSWORD"]
director = User.objects.filter(role="director", is_active=True).order_by("pk").first()
assessor = (
    User.objects.filter(role="assessor", is_active=True)
    .annotate(n=Count("led_assessments", distinct=True))
    .order_by("-n", "pk")
    .first()
)
mine = Assessment.objects.filter(lead_assessor=assessor)
# The measured assessment is one the assessor can still write in (a draft, or returned), so that
# its element page is the editor's and the writing round's autosaves are saved, not refused.
largest = (
    Statement.objects.filter(assessment__in=mine.filter(status__in=("draft", "returned")))
    .values("assessment").annotate(n=Count("pk")).order_by("-n", "assessment").first()
) or (
    Statement.objects.filter(assessment__in=mine)
    .values("assessment").annotate(n=Count("pk")).order_by("-n", "assessment").first()
)
element = (
    Statement.objects.filter(assessment=largest["assessment"], finding__isnull=False)
    .values("finding__element__number").annotate(n=Count("pk")).order_by("-n", "finding__element__number").first()
)
school = (
    School.objects.filter(headteachers__role="headteacher", headteachers__is_active=True)
    .annotate(n=Count("assessments__issued_report", distinct=True))
    .order_by("-n", "pk").first()
)
headteacher = school.headteachers.filter(role="headteacher", is_active=True).order_by("pk").first()
report = IssuedReport.objects.filter(assessment__school=school).order_by("-created_at", "-pk").first()
# The letter pages need a verification code and the letter's body, which placeholder reports
# lack: the measured report gets both (a bench database's placeholder, so written with SQL past
# the model's refusal to change an issued report) and is published, so its public page opens.
if not report.verification_code:
    from django.db import connection
    from reports import letter, publishing, verification
    code = verification.new_unused_code()
    body = letter.render_page_body(report.assessment, verification_code=code)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reports_issuedreport SET verification_code = %s, letter_html = %s WHERE id = %s",
            [code, body, report.pk],
        )
    report = IssuedReport.objects.get(pk=report.pk)
    from django.db import transaction
    with transaction.atomic():
        publishing.set_published(report, headteacher, True)
town = School.objects.values("town").annotate(n=Count("pk")).order_by("-n", "town").first()
for user in (director, assessor, headteacher):
    user.set_password(password)
    User.objects.filter(pk=user.pk).update(password=user.password)
# Directors sign in with two factors in production: the director gets an authenticator app.
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.filter(user=director).delete()
TOTPDevice.objects.create(user=director, name="Benchmark authenticator", key=os.environ["BENCH_TOTP_KEY"], confirmed=True)
print("PICK " + json.dumps({
    "director": director.username,
    "assessor": assessor.username, "assessor_leads": assessor.n,
    "assessment": largest["assessment"], "statements": largest["n"],
    "element": element["finding__element__number"],
    "headteacher": headteacher.username, "school": school.name, "issued": school.n,
    "report": report.pk, "report_bytes": report.size, "code": report.verification_code,
    "search": town["town"], "search_matches": town["n"],
    "schools": School.objects.count(), "assessments": Assessment.objects.count(),
}))
"""


def page_list(subject: dict) -> list[tuple[str, str, str]]:
    """The measured pages, (key, role, path), for the subjects PICK chose; `floor` first, the
    trivial signed-in view (bench/urls.py) every page is compared with."""
    code = subject["code"]
    return [
        ("floor", "assessor", "/bench/floor/"),
        ("director_home", "director", "/"),
        ("school_search", "director", "/schools/?" + urllib.parse.urlencode({"q": subject["search"]})),
        ("element", "assessor", f"/assessments/{subject['assessment']}/elements/{subject['element']}/"),
        ("assessor_home", "assessor", "/"),
        ("headteacher_portal", "headteacher", "/"),
        ("letter", "headteacher", f"/reports/issued/{subject['report']}/letter/"),
        ("verify", "public", f"/verify/{code}/"),
        ("public_letter", "public", f"/verify/{code}/letter/"),
        ("pdf", "headteacher", f"/reports/issued/{subject['report']}/download/"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message: str) -> None:
    sys.exit(f"bench/load.py: {message}")


def totp(key_hex: str, *, step: int = 30, digits: int = 6) -> str:
    """The authenticator app's current code for a TOTP key (RFC 6238, as django-otp checks it)."""
    counter = int(time.time()) // step
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


class Client:
    """A tiny cookie-keeping HTTP client for 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        result = (response.status, dict(response.getheaders()), content)
        connection.close()
        return result

    def sign_in(self, username: str, password: str, totp_key: str = "") -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            fail(f"the sign-in page answered {status} without a CSRF token")
        body = {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password}
        status, _headers, _ = self.request("POST", "/accounts/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            fail(f"signing in as {username} answered {status}, not a redirect with a session")
        status, headers, _ = self.request("GET", "/")
        if status == 302 and "/accounts/2fa/verify/" in headers.get("Location", ""):
            if not totp_key:
                fail(f"{username} is asked for a second factor the benchmark does not have")
            for attempt in range(2):
                status, _, page = self.request("GET", "/accounts/2fa/verify/")
                token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
                body = {"csrfmiddlewaretoken": token, "token": totp(totp_key)}
                status, _, _ = self.request("POST", "/accounts/2fa/verify/", body)
                if status == 302:
                    break
                if attempt == 0:
                    # A code is accepted once: a later round signing in within the same 30 s
                    # step waits for the next code, as a person would.
                    time.sleep(30 - time.time() % 30 + 1)
            if status != 302:
                fail(f"{username}'s second factor answered {status}, not a redirect")

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


class Typist(threading.Thread):
    """An assessor typing into the measured assessment while a page is under load: an autosave
    of its summary or of the measured element's narrative, in turn, `rate` times a second, as
    editor.js sends them. Each one changes the assessment's content, so its cached pages (the
    element page, the assessor's home) are rendered afresh after it; the directors' lists and
    the portal are not touched."""

    def __init__(self, client: Client, assessment: int, element: int, rate: float):
        super().__init__(daemon=True)
        self.client, self.rate = client, rate
        self.targets = [
            (f"/assessments/{assessment}/summary/autosave/", "summary"),
            (f"/assessments/{assessment}/elements/{element}/autosave/", "narrative"),
        ]
        self.versions = {path: 1 for path, _ in self.targets}
        self.stopping = threading.Event()
        self.saved = self.refused = 0

    def run(self) -> None:
        headers = {"Accept": "application/json", "X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        turn = 0
        while not self.stopping.wait(1 / self.rate):
            path, field = self.targets[turn % 2]
            turn += 1
            text = f"Typed by the benchmark at {time.time():.3f}. " * 20
            body = {"field": field, field: text, "version": self.versions[path]}
            status, _, content = self.client.request("POST", path, body, headers)
            answer = json.loads(content or b"{}")
            if "version" in answer:  # saved, or a conflict that says which version is stored
                self.versions[path] = answer["version"]
            if status == 200:
                self.saved += 1
            else:
                self.refused += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def run_wrk(url: str, cookie: str, *, threads: int, connections: int, duration: int, lua: str) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", lua]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (.*)$", output, re.M)
    if not match:
        fail(f"wrk printed no summary:\n{output}")
    figures: dict = {}
    for pair in match.group(1).split():
        name, _, value = pair.partition("=")
        figures[name] = value if name == "statuses" else int(value)
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    # Responses other than 2xx by status ("404:3,500:1"); wrk's own count is of 4xx and 5xx.
    figures["statuses"] = {
        int(code): int(n) for code, n in (part.split(":") for part in figures["statuses"].split(",") if part)
    }
    figures["non2xx"] = sum(figures["statuses"].values())
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "timeout")) + figures["non2xx"]
    return figures


def error_kinds(figures: dict) -> str:
    """ "-" when none, else e.g. "timeout 3, connect 1, read 2, HTTP 500 ×4"."""
    kinds = [f"{k} {figures[k]}" for k in ("timeout", "connect", "read", "write") if figures[k]]
    kinds += [f"HTTP {code} ×{n}" for code, n in sorted(figures["statuses"].items())]
    return ", ".join(kinds) or "-"


def commit() -> str:
    """The commit measured (with "+changes" when the work tree differs from it)."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
        return sha + ("+changes" if changed.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def seeded(database: str) -> bool:
    """Whether the benchmark database exists and holds a seeded history (thousands of schools)."""
    import psycopg2

    try:
        url = database.replace("postgres://", "postgresql://", 1)
        with closing(psycopg2.connect(url, connect_timeout=5)) as db, db.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM schools_school")
            return cursor.fetchone()[0] >= 1000
    except psycopg2.Error:
        return False


def empty_cache(url: str) -> None:
    """Empty the benchmark's Redis database, or stop with what to do if Redis is not there."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as error:
        fail(
            f"the shared cache at {url} is not reachable ({error}). Start Redis "
            "(Debian: apt-get install redis-server), set BENCH_CACHE_URL, or pass --no-cache."
        )


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, {model}, {memory:.0f} GiB; {platform.platform()}; load average {load}"


HEADER = (
    f"{'page':<20} {'req/s':>7} {'median ms':>9} {'p95 ms':>7} {'p99 ms':>7} {'floor p95':>9} "
    f"{'x floor':>7} {'errors':>6}  kinds of error"
)


def row(key: str, result: dict, floor: dict | None, writes: str = "") -> str:
    p95 = result["p95_us"] / 1000
    floor_p95 = floor["p95_us"] / 1000 if floor else 0
    ratio = f"{p95 / floor_p95:.1f}" if floor_p95 else "-"
    return (
        f"{key:<20} {result['rps']:>7.1f} {result['p50_us'] / 1000:>9.1f} {p95:>7.1f} "
        f"{result['p99_us'] / 1000:>7.1f} {floor_p95 if floor else float('nan'):>9.1f} {ratio:>7} "
        f"{result['errors']:>6}  {error_kinds(result)}{writes}"
    )


def run_round(
    args, *, cache_url: str, writes: float, subject: dict, password: str, totp_key: str, env: dict
) -> list:
    """One round: gunicorn started with (or without) the shared cache, the three users signed in,
    each page measured after the floor, gunicorn stopped. Prints and returns the table's lines."""
    if cache_url:
        empty_cache(cache_url)
    port = free_port()
    env = {**env, "IQM_CACHE_URL": cache_url, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    pages = page_list(subject)
    floor_page = pages[0]
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [page for page in pages if page[0] in wanted]
    pages = [page for page in pages if page[0] != "floor"]
    lines = []
    title = (f"shared cache ({cache_url})" if cache_url else "no shared cache (--no-cache)") + (
        f", an assessor autosaving {writes:g} times a second" if writes else ""
    )
    server = subprocess.Popen(
        # The access log (a line per request) would cost the server more than some pages do.
        [
            env["BENCH_PYTHON"],
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--access-logfile",
            os.devnull,
            "iqm.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Client(port).request("GET", "/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                fail("gunicorn did not start")
            time.sleep(0.3)
        clients = {"public": Client(port)}
        for role in ("director", "assessor", "headteacher"):
            clients[role] = Client(port)
            clients[role].sign_in(subject[role], password, totp_key if role == "director" else "")
        print(f"\n{title}:", flush=True)
        lines.append(f"{title}:")
        print(HEADER, flush=True)
        lines.append(HEADER)
        typist_client = None
        if writes:
            typist_client = Client(port)  # a session of its own, as a second browser would have
            typist_client.sign_in(subject["assessor"], password)

        def measure(key: str, role: str, path: str, duration: int) -> tuple[dict, object]:
            client = clients[role]
            for _ in range(3):  # warm up: the first requests do one-off work (sign-in checks, caches)
                status, _headers, _ = client.request("GET", path)
                if status != 200:
                    fail(f"{key}: {path} answered {status} for the {role}, not 200")
            typist = None
            if typist_client:
                typist = Typist(typist_client, subject["assessment"], subject["element"], writes)
                typist.start()
            try:
                result = run_wrk(
                    f"http://127.0.0.1:{port}{path}",
                    client.cookie_header,
                    threads=args.threads,
                    connections=args.connections,
                    duration=duration,
                    lua=env["BENCH_LUA"],
                )
            finally:
                if typist:
                    typist.stop()
            return result, typist

        for key, role, path in pages:
            # The trivial view just before each page, under the same server and load: the floor
            # its p95 is compared with (the machine's own state moves between pages).
            floor, _ = measure(*floor_page, args.floor_duration)
            result, typist = measure(key, role, path, args.duration)
            writes_note = f"  (autosaves {typist.saved} saved, {typist.refused} refused)" if typist else ""
            if typist and not typist.saved:
                writes_note += " NO WRITE SAVED: this round measured no writes"
            line = row(key, result, floor, writes_note)
            print(line, flush=True)
            lines.append(line)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per page (30)")
    parser.add_argument(
        "--floor-duration", type=int, default=10, help="seconds of the trivial view before each page (10)"
    )
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections (20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--pages", default="", help="comma-separated page keys to run (all)")
    parser.add_argument(
        "--seed",
        action="store_true",
        help="seed the benchmark database afresh first (bench/seed-bulk), even if it holds data already",
    )
    parser.add_argument(
        "--writes",
        type=float,
        default=0,
        help="autosaves a second into the measured assessment while each page is measured (0: none)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="run without the shared cache: sessions and users read from PostgreSQL, no page is cached",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="the whole benchmark: three rounds, with the shared cache, without it, and without it "
        "while an assessor autosaves twice a second (--writes 2)",
    )
    parser.add_argument("--output", default="", help="also write the figures to this file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        fail("wrk is not installed (Debian: apt-get install wrk)")

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    media = os.environ.get("BENCH_MEDIA_ROOT", DEFAULT_MEDIA)
    if "bench" not in urllib.parse.urlsplit(database).path:
        fail("BENCH_DATABASE_URL must name a benchmark database (its name contains 'bench')")
    if args.seed or not seeded(database):
        print(
            "seeding:   the benchmark database holds no seeded data; running bench/seed-bulk first",
            flush=True,
        )
        subprocess.run(
            [str(ROOT / "bench" / "seed-bulk")],
            env={**os.environ, "PYTHON": sys.executable},
            cwd=ROOT,
            check=True,
        )
    shared_cache = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE)
    if args.full:
        rounds = [(shared_cache, args.writes), ("", args.writes), ("", args.writes or 2)]
    else:
        rounds = [("" if args.no_cache else shared_cache, args.writes)]
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="iqm-load-"))
    lua = work / "summary.lua"
    lua.write_text(WRK_LUA)
    env = {
        **os.environ,
        # The product's settings and URLs, plus the trivial view measured as the floor (bench/urls.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "IQM_CACHE_URL": "",
        "MEDIA_ROOT": media,
        "STATIC_ROOT": str(work / "static"),
        "GUNICORN_LOG_LEVEL": "warning",
        # The public pages' hourly limit per client address (60) would answer wrk with 429s.
        "IQM_VERIFY_CLIENT_LIMIT": "1000000000",
        "PATH": f"{Path(python).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        # Production settings need a signing key (reports.E001): a development one of the
        # benchmark's own, made once (bench/seed-bulk makes the same).
        "IQM_SIGNING_KEY": str(SIGNING_DIR / "key.pem"),
        "IQM_SIGNING_CERT": str(SIGNING_DIR / "cert.pem"),
        "BENCH_PYTHON": python,
        "BENCH_LUA": str(lua),
    }
    manage = [python, str(ROOT / "manage.py")]
    measured = commit()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"commit:    {measured}, {started}")
    print(f"machine:   {machine()}")
    SIGNING_DIR.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [*manage, "make_signing_key"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
        password = secrets.token_urlsafe(16)
        totp_key = secrets.token_hex(20)
        picked = subprocess.run(
            [*manage, "shell", "-c", PICK],
            env={**env, "BENCH_PASSWORD": password, "BENCH_TOTP_KEY": totp_key},
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        subject = json.loads(re.search(r"^PICK (.*)$", picked, re.M).group(1))
        data = (
            f"{subject['schools']:,} schools, {subject['assessments']:,} assessments; "
            f"assessor {subject['assessor']} leads {subject['assessor_leads']}; "
            f"assessment {subject['assessment']} has {subject['statements']} statements; "
            f"{subject['school']} has {subject['issued']} issued reports; "
            f"search {subject['search']!r} matches {subject['search_matches']} schools; "
            f"PDF {subject['report_bytes']:,} bytes"
        )
        print(f"data:      {data}")
        load = (
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s per page, the floor "
            f"(/bench/floor/) for {args.floor_duration}s before each; gunicorn workers="
            f"{os.environ.get('GUNICORN_WORKERS', 'default')} threads={os.environ.get('GUNICORN_THREADS', '1')}"
        )
        print(f"load:      {load}", flush=True)
        before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        lines = []
        for cache_url, writes in rounds:
            lines += [
                "",
                *run_round(
                    args,
                    cache_url=cache_url,
                    writes=writes,
                    subject=subject,
                    password=password,
                    totp_key=totp_key,
                    env=env,
                ),
            ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    report = "\n".join(
        [
            f"commit {measured}, {started}: bench/run-load {' '.join(sys.argv[1:])}".rstrip(),
            f"machine: {machine()}",
            f"data: {data}",
            f"load: {load}; load average {before} before, {after} after",
            *lines,
        ]
    )
    print("\nTo paste into docs/performance.md:\n\n```\n" + report + "\n```")
    if args.output:
        Path(args.output).write_text(report + "\n")
        print(f"\n(written to {args.output})")


if __name__ == "__main__":
    main()
