"""Benchmark: the verification QR code's share of the letter's render.

    .venv/bin/python bench/qr_share.py [--runs 5]

It loads the demo into a throwaway SQLite database, then renders the confirmed reference letter
through reports.letter (context with the QR code made, template, WeasyPrint) `--runs` times each
three ways, in turn, so that a busy machine slows them alike, after one warm-up render of each:
with its verification code and QR code; with the code but a blank square of the same size in
the QR code's place (the QR code's own cost: making it and drawing it); with no verification
block at all. It prints the medians and the shares.

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

    from reports import verification

    real_qr_svg = verification.qr_svg
    sample = real_qr_svg("https://example.org/verify/GDWA119WHZ/")
    # A blank square of the same size in the QR code's place: the letter's layout unchanged.
    blank = sample[: sample.index("<path")] + "</svg>"

    def render(code: str | None, *, qr: bool = True) -> float:
        """Seconds to make the letter's PDF: its context (the QR code is made there), HTML and
        WeasyPrint's render."""
        verification.qr_svg = real_qr_svg if qr else (lambda text, title="": blank)
        try:
            start = time.perf_counter()
            html = letter.render_html(letter.gather_context(assessment, draft=False, verification_code=code))
            letter.html_to_pdf(html)
            return time.perf_counter() - start
        finally:
            verification.qr_svg = real_qr_svg

    render("GDWA119WHZ"), render("GDWA119WHZ", qr=False), render(None)
    with_qr, blank_square, without = [], [], []
    for _ in range(args.runs):
        with_qr.append(render("GDWA119WHZ"))
        blank_square.append(render("GDWA119WHZ", qr=False))
        without.append(render(None))
    a, b, c = (statistics.median(times) for times in (with_qr, blank_square, without))
    print(
        f"with the QR code {a:.3f} s, a blank square in its place {b:.3f} s, no verification block {c:.3f} s"
        f" (medians of {args.runs}); the QR code's share {(a - b) / a:.1%}, the whole verification"
        f" block's (code, address and QR code) {(a - c) / a:.1%}"
    )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
