"""Benchmark: the demo letter rendered through the app, against the same HTML through bare WeasyPrint.

    /work/main/.venv/bin/python bench/pdf_render.py [--runs 7]

It loads the demo into a throwaway SQLite database (or uses DATABASE_URL if set), renders the
confirmed reference assessment `--runs` times through reports.letter.render_pdf (context, template,
static-only fetcher, WeasyPrint) and `--runs` times through bare WeasyPrint on the very HTML the app
produced (default fetcher, base_url the static folder), alternating the two so that a busy machine
slows both alike. One warm-up render of each comes first and is not counted. It prints the medians,
the ratio app/bare, the page count and the process's peak memory.

This is a benchmark, not a test: it asserts nothing. docs/performance.md records its figures.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iqm.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="iqm-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())  # random passwords: nobody signs in


def _peak_rss_mib() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed renders of each kind (default 7)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    _setup_django()
    import pypdf
    import weasyprint
    from django.conf import settings

    from assessments.models import Assessment
    from reports import letter

    assessment = Assessment.objects.get(status="confirmed", school__postcode="WA7 4SY")
    html = letter.render_html(letter.gather_context(assessment, draft=False))
    static_dir = Path(settings.STATICFILES_DIRS[0])

    def app() -> bytes:
        return letter.render_pdf(assessment, draft=False)

    def bare() -> bytes:
        # The same HTML; its relative stylesheet URL resolves against the static folder.
        return weasyprint.HTML(string=html, base_url=f"{static_dir}/").write_pdf(pdf_variant="pdf/ua-1")

    rss_before = _peak_rss_mib()
    app_pdf, bare_pdf = app(), bare()  # warm-up: imports, font loading, caches
    times: dict[str, list[float]] = {"app": [], "bare": []}
    cpu: dict[str, list[float]] = {"app": [], "bare": []}
    for _ in range(args.runs):
        for name, render in (("app", app), ("bare", bare)):
            start, start_cpu = time.perf_counter(), time.process_time()
            render()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)

    app_pages = len(pypdf.PdfReader(io.BytesIO(app_pdf)).pages)
    bare_pages = len(pypdf.PdfReader(io.BytesIO(bare_pdf)).pages)
    app_median, bare_median = statistics.median(times["app"]), statistics.median(times["bare"])

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine:        {_machine()}")
    print(f"load average:   {load} (1, 5, 15 min; other work on the machine slows both kinds alike)")
    print(f"weasyprint:     {weasyprint.__version__}, python {sys.version.split()[0]}")
    print(f"runs:           {args.runs} of each, after one warm-up each")
    print(f"app  median:    {app_median:.3f} s  (min {min(times['app']):.3f}, max {max(times['app']):.3f})")
    print(
        f"bare median:    {bare_median:.3f} s  (min {min(times['bare']):.3f}, max {max(times['bare']):.3f})"
    )
    print(f"ratio app/bare: {app_median / bare_median:.3f}")
    app_cpu, bare_cpu = statistics.median(cpu["app"]), statistics.median(cpu["bare"])
    print(
        f"CPU time:       app {app_cpu:.3f} s, bare {bare_cpu:.3f} s, ratio {app_cpu / bare_cpu:.3f} (medians)"
    )
    print(f"pages:          {app_pages} (bare: {bare_pages})")
    print(f"PDF size:       {len(app_pdf):,} bytes")
    print(f"peak memory:    {_peak_rss_mib():.0f} MiB RSS (after Django and the demo: {rss_before:.0f} MiB)")


if __name__ == "__main__":
    main()
