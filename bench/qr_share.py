"""Benchmark: the verification QR code's share of the letter's render.

    .venv/bin/python bench/qr_share.py [--runs 5]

It loads the demo into a throwaway SQLite database, then renders the confirmed reference letter
through reports.letter (context, template, WeasyPrint) `--runs` times with its verification code
(and so its QR code) and `--runs` times without, alternating the two so that a busy machine slows
both alike, after one warm-up render of each. It prints the medians and the QR code's share.

This is a benchmark, not a test: it asserts nothing. docs/performance.md records its figures.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp(prefix="iqm-bench-qr-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="iqm.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        IQM_SIGNING_KEY=f"{folder}/key.pem",
        IQM_SIGNING_CERT=f"{folder}/cert.pem",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("make_signing_key", verbosity=0)
    call_command("load_demo", verbosity=0, password=secrets.token_urlsafe(12))
    from assessments.models import Assessment
    from reports import letter

    # The reference report of 2010, as load_demo loads it first.
    assessment = Assessment.objects.filter(status="confirmed").order_by("pk").first()

    def render(code: str | None) -> float:
        html = letter.render_html(letter.gather_context(assessment, draft=False, verification_code=code))
        start = time.perf_counter()
        letter.html_to_pdf(html)
        return time.perf_counter() - start

    render("GDWA119WHZ"), render(None)
    with_qr, without = [], []
    for _ in range(args.runs):
        with_qr.append(render("GDWA119WHZ"))
        without.append(render(None))
    a, b = statistics.median(with_qr), statistics.median(without)
    print(f"with the QR code {a:.3f} s, without {b:.3f} s (medians of {args.runs}); share {(a - b) / a:.1%}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
