"""CPU time and queries per request of the benchmark's pages, in one process: a measure that does
not depend on what else the machine is doing (unlike the load benchmark's wall-clock figures).

    PYTHONPATH=. python bench/cpu.py                     # every page, no shared cache, 50 requests each
    PYTHONPATH=. python bench/cpu.py --cache             # with the shared cache (BENCH_CACHE_URL)
    PYTHONPATH=. python bench/cpu.py --pages element --profile   # and where the time goes (cProfile)

Against the seeded benchmark database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/iqm_bench; bench/seed-bulk makes it), with production
settings (DJANGO_DEBUG off) under bench.settings. Each page is requested through Django's test
client — the whole middleware stack, the session and the user, as gunicorn would call it — by
the same subjects bench/load.py picks (PICK, shared), signed in with force_login (the director
with a verified authenticator device). Each page is requested three times first (one-off
work, and the cache filled), then once with its queries captured, then N times with
time.process_time() around them: the CPU this Python process spent per request (PostgreSQL's
and Redis's own CPU is not in it; the wall time per request beside it includes their answers).
`floor` is bench.urls' trivial signed-in view: the least any signed-in request costs.

Changes it makes to the database: those PICK makes (three passwords, the director's device, the
measured letter's verification code and publication). Nothing asserts a time.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/iqm_bench"
DEFAULT_CACHE = "redis://127.0.0.1:6379/15"


def commit() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        return sha + ("+changes" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (50)")
    parser.add_argument("--pages", default="", help="comma-separated page keys (all)")
    parser.add_argument("--cache", action="store_true", help="with the shared cache (BENCH_CACHE_URL)")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions per page")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print each page's queries with PostgreSQL's planning and execution time (EXPLAIN ANALYZE)",
    )
    args = parser.parse_args()

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    cache_url = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE) if args.cache else ""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-cpu-" + "x" * 50),
            "DATABASE_URL": database,
            "IQM_CACHE_URL": cache_url,
            "MEDIA_ROOT": os.environ.get("BENCH_MEDIA_ROOT", "/tmp/iqm-bench-media"),  # noqa: S108
            "IQM_VERIFY_CLIENT_LIMIT": "1000000000",  # the public pages' throttle, not their cost
            # Production settings serve hashed static names from a manifest: collected once here.
            "STATIC_ROOT": os.environ.get("BENCH_STATIC_ROOT", "/tmp/iqm-bench-static"),  # noqa: S108
        }
    )
    signing = Path(os.environ.get("BENCH_SIGNING_DIR", "/tmp/iqm-bench-signing"))  # noqa: S108
    os.environ.setdefault("IQM_SIGNING_KEY", str(signing / "key.pem"))
    os.environ.setdefault("IQM_SIGNING_CERT", str(signing / "cert.pem"))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from bench.load import PICK, page_list

    env = {
        "BENCH_PASSWORD": "bench-cpu-unused-" + os.urandom(8).hex(),
        "BENCH_TOTP_KEY": os.urandom(20).hex(),
    }
    os.environ.update(env)
    buffer = io.StringIO()
    stdout, sys.stdout = sys.stdout, buffer
    try:
        exec(PICK, {})  # noqa: S102 - the benchmark's own code, shared with bench/load.py
    finally:
        sys.stdout = stdout
    subject = json.loads(buffer.getvalue().split("PICK ", 1)[1])
    if cache_url:
        cache.clear()  # after PICK's changes, which it makes with SQL where the models refuse them
    clients = {}
    for role in ("director", "assessor", "headteacher"):
        client = Client()
        user = User.objects.get(username=subject[role])
        client.force_login(user)
        if role == "director":
            device = TOTPDevice.objects.get(user=user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        clients[role] = client
    clients["public"] = Client()
    pages = page_list(subject)
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [page for page in pages if page[0] in wanted]

    print(
        f"commit {commit()}; {subject['schools']:,} schools, {subject['assessments']:,} assessments; "
        + (f"shared cache {cache_url}" if cache_url else "no shared cache")
        + f"; {args.requests} requests a page; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{'page':<20} {'CPU ms':>7} {'x floor':>8} {'wall ms':>8} {'queries':>8}  bytes")
    floor_cpu = None
    for key, role, path in pages:
        client = clients[role]
        for _ in range(3):
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{key}: {path} answered {response.status_code} for the {role}, not 200")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = list(captured.captured_queries)  # the next request empties Django's query log
        size = len(response.content) if not response.streaming else 0
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waiting
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - cpu) * 1000 / args.requests
        wall = (time.perf_counter() - wall) * 1000 / args.requests
        if key == "floor":
            floor_cpu = cpu
        ratio = f"{cpu / floor_cpu:.1f}" if floor_cpu else "-"
        print(f"{key:<20} {cpu:>7.2f} {ratio:>8} {wall:>8.2f} {len(queries):>8}  {size}", flush=True)
        if args.queries:
            for query in queries:
                print(f"    {query['time']}s  {query['sql'][:400]}")
        if args.explain:
            explain(connection, queries)
        if profiler:
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(
                os.environ.get("BENCH_PROFILE_SORT", "cumulative")
            ).print_stats(int(os.environ.get("BENCH_PROFILE_ROWS", "40")))
            print(text.getvalue())


def explain(connection, queries) -> None:
    """Each query's planning and execution time in PostgreSQL (EXPLAIN ANALYZE, run three times,
    the least kept), and their sum: the database's own work for one request."""
    planned = executed = 0.0
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if "EXECUTE iqm_prepared_" in sql:  # a prepared statement (prepared.Prepared), by name
                sql = sql[sql.index("EXECUTE iqm_prepared_") :]
            if not sql.lstrip("( ").upper().startswith(("SELECT", "EXECUTE")):
                print(f"    {'':>8} {'':>8}  {sql[:150]}")
                continue
            best = None
            for _ in range(3):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                times = (plan["Planning Time"], plan["Execution Time"])
                best = times if best is None or sum(times) < sum(best) else best
            planned, executed = planned + best[0], executed + best[1]
            print(f"    plan {best[0]:6.3f} run {best[1]:7.3f} ms  {sql[:150]}")
    print(f"    in all: planning {planned:.2f} ms, execution {executed:.2f} ms")


if __name__ == "__main__":
    main()
