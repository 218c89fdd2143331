"""Time the award cycle's daily schedule (cycle.services.run_schedule) on the seeded database:
10,000 schools with 3 assessments each from bench/seed-bulk.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/iqm_bench bench/seed-bulk   # first, once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iqm_bench python bench/schedule.py [--days 7] [--from YYYY-MM-DD]

For each of `--days` days from `--from` (today unless given), as cron would run it at 06:00
London time: the dry run (finding what is due: the queries that must not grow with the number of
schools), then the real run (recording and sending, to Django's in-memory mail backend), then a
second run the same day (which must send nothing). Prints, per day, what was due, the queries and
the seconds of each. It writes the reminders' records, so the database's name must contain
"bench".
"""

import argparse
import datetime
import os
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iqm.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret-0123456789-abcdefghijklmnop")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments.models import Assessment  # noqa: E402
from cycle.services import run_schedule  # noqa: E402
from schools.models import School  # noqa: E402

LONDON = zoneinfo.ZoneInfo("Europe/London")


def timed(now, dry_run):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        outcome = run_schedule(now=now, dry_run=dry_run)
        seconds = time.perf_counter() - started
    return outcome, len(captured.captured_queries), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit(
            "bench/schedule.py: DATABASE_URL must name the seeded PostgreSQL database (its name holds 'bench')"
        )
    print(f"{School.objects.count():,} schools, {Assessment.objects.count():,} assessments")
    start = args.start or datetime.datetime.now(LONDON).date()
    print(
        "day         due  sent  no-one | dry run: queries  s  | run: queries  s     | again: sent queries  s"
    )
    for n in range(args.days):
        day = start + datetime.timedelta(days=n)
        now = datetime.datetime.combine(day, datetime.time(6), tzinfo=LONDON)
        planned, dry_queries, dry_seconds = timed(now, True)
        mail.outbox = []
        done, queries, seconds = timed(now, False)
        again, again_queries, again_seconds = timed(now, False)
        print(
            f"{day}  {len(planned.planned):4d}  {done.sent:4d}  {done.unreached:6d} | "
            f"{dry_queries:16d} {dry_seconds:5.2f} | {queries:12d} {seconds:6.2f} | "
            f"{again.sent:10d} {again_queries:7d} {again_seconds:5.2f}"
        )


if __name__ == "__main__":
    main()
