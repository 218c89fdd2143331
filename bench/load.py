"""Load benchmark: gunicorn on the seeded PostgreSQL database, driven by wrk.

    python bench/load.py                      # 6 pages, 20 connections, 30 s each
    python bench/load.py --duration 10 --pages pdf,director_home

It starts gunicorn (gunicorn.conf.py, production settings: DJANGO_DEBUG off) on a free port of
127.0.0.1 against BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/iqm_bench,
seeded by bench/seed-bulk) with MEDIA_ROOT=BENCH_MEDIA_ROOT (default /tmp/iqm-bench-media).
It picks a busy director, assessor and headteacher from the seeded data, gives those three a
fresh random password (the only change it makes to the database, apart from their sessions),
signs each in through the login form, checks each page answers 200, then runs
`wrk -t2 -c20 -d30s --latency` against each page with the role's session cookie and prints,
per page, requests per second, median and 95th-percentile latency and errors (socket errors
and responses other than 2xx). gunicorn is stopped at the end, whatever happens.

Nothing here reaches beyond 127.0.0.1. It is a benchmark, not a test: nothing asserts a time.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iqm_bench"
DEFAULT_MEDIA = "/tmp/iqm-bench-media"  # noqa: S108 - bench/seed-bulk's default, on this machine only

# wrk's own summary has no 95th percentile: this prints one line the script parses.
WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
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
largest = (
    Statement.objects.filter(assessment__in=mine.exclude(status="confirmed"))
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
town = School.objects.values("town").annotate(n=Count("pk")).order_by("-n", "town").first()
for user in (director, assessor, headteacher):
    user.set_password(password)
    User.objects.filter(pk=user.pk).update(password=user.password)
print("PICK " + json.dumps({
    "director": director.username,
    "assessor": assessor.username, "assessor_leads": assessor.n,
    "assessment": largest["assessment"], "statements": largest["n"],
    "element": element["finding__element__number"],
    "headteacher": headteacher.username, "school": school.name, "issued": school.n,
    "report": report.pk, "report_bytes": report.size,
    "search": town["town"], "search_matches": town["n"],
    "schools": School.objects.count(), "assessments": Assessment.objects.count(),
}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message: str) -> None:
    sys.exit(f"bench/load.py: {message}")


class Client:
    """A tiny cookie-keeping HTTP client for 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
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

    def sign_in(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            fail(f"the sign-in page answered {status} without a CSRF token")
        body = {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password}
        status, _headers, _ = self.request("POST", "/accounts/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            fail(f"signing in as {username} answered {status}, not a redirect with a session")

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def run_wrk(url: str, cookie: str, *, threads: int, connections: int, duration: int, lua: str) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", lua]
    command += ["-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (.*)$", output, re.M)
    if not match:
        fail(f"wrk printed no summary:\n{output}")
    figures = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per page (30)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections (20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--pages", default="", help="comma-separated page keys to run (all)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        fail("wrk is not installed (Debian: apt-get install wrk)")

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    media = os.environ.get("BENCH_MEDIA_ROOT", DEFAULT_MEDIA)
    if "bench" not in urllib.parse.urlsplit(database).path:
        fail("BENCH_DATABASE_URL must name a benchmark database (its name contains 'bench')")
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="iqm-load-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "IQM_2FA_ENFORCED": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "MEDIA_ROOT": media,
        "STATIC_ROOT": str(work / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "PATH": f"{Path(python).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    manage = [python, str(ROOT / "manage.py")]
    print(f"machine:   {machine()}")
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    password = secrets.token_urlsafe(16)
    picked = subprocess.run(
        [*manage, "shell", "-c", PICK],
        env={**env, "BENCH_PASSWORD": password},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    subject = json.loads(re.search(r"^PICK (.*)$", picked, re.M).group(1))
    print(
        f"data:      {subject['schools']:,} schools, {subject['assessments']:,} assessments; "
        f"assessor {subject['assessor']} leads {subject['assessor_leads']}; "
        f"assessment {subject['assessment']} has {subject['statements']} statements; "
        f"{subject['school']} has {subject['issued']} issued reports; "
        f"search {subject['search']!r} matches {subject['search_matches']} schools; "
        f"PDF {subject['report_bytes']:,} bytes"
    )
    lua = work / "summary.lua"
    lua.write_text(WRK_LUA)
    pages = [
        ("director_home", "director", "/"),
        ("school_search", "director", "/schools/?" + urllib.parse.urlencode({"q": subject["search"]})),
        ("element", "assessor", f"/assessments/{subject['assessment']}/elements/{subject['element']}/"),
        ("assessor_home", "assessor", "/"),
        ("headteacher_portal", "headteacher", "/"),
        ("pdf", "headteacher", f"/reports/issued/{subject['report']}/download/"),
    ]
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [page for page in pages if page[0] in wanted]

    server = subprocess.Popen(
        # The access log (a line per request) would cost the server more than some pages do.
        [
            python,
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
        clients = {}
        for role in ("director", "assessor", "headteacher"):
            clients[role] = Client(port)
            clients[role].sign_in(subject[role], password)
        print(
            f"load:      wrk -t{args.threads} -c{args.connections} -d{args.duration}s per page; "
            f"gunicorn workers={os.environ.get('GUNICORN_WORKERS', 'default')} "
            f"threads={os.environ.get('GUNICORN_THREADS', '1')}"
        )
        print()
        print(
            f"{'page':<20} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  requests"
        )
        for key, role, path in pages:
            client = clients[role]
            for _ in range(3):  # warm up: the first requests do one-off work (sign-in checks, caches)
                status, _headers, _ = client.request("GET", path)
                if status != 200:
                    fail(f"{key}: {path} answered {status} for the {role}, not 200")
            result = run_wrk(
                f"http://127.0.0.1:{port}{path}",
                client.cookie_header,
                threads=args.threads,
                connections=args.connections,
                duration=args.duration,
                lua=str(lua),
            )
            print(
                f"{key:<20} {result['rps']:>8.1f} {result['p50_us'] / 1000:>10.1f} {result['p95_us'] / 1000:>8.1f} "
                f"{result['p99_us'] / 1000:>8.1f} {result['errors']:>7}  {result['requests']}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nafter:     load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
