"""EXPLAIN (ANALYZE, BUFFERS) of the director's home page queries on the seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iqm_bench python bench/explain_director.py

Runs desk.selectors.home_sections as the page does, captures each query it sends (the
first rows of each of the four lists and their counts, and the "visit in hand" look-up of the
awards list) and prints the plan of each. Read-only. docs/performance.md shows the output.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iqm.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECRET_KEY", "explain-only-not-a-secret-0123456789-abcdefghijklmnop")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from desk.selectors import home_sections  # noqa: E402


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench/explain_director.py: DATABASE_URL must name the seeded PostgreSQL database")
    with CaptureQueriesContext(connection) as captured:
        sections = home_sections(timezone.localdate())
    print("; ".join(f"{section.key}: {len(section.rows)} of {section.total}" for section in sections))
    for number, query in enumerate(captured.captured_queries, 1):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n-- query {number}\n{query['sql']}\n\n{plan}")


if __name__ == "__main__":
    main()
