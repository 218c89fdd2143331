"""The email benchmark: how many emails a minute one Celery worker hands to a mail server.

    bench/email-throughput                    # 500 emails, one worker (solo pool)
    bench/email-throughput --emails 2000

A local SMTP sink (aiosmtpd, from requirements-dev.txt) listens on a free port and counts what
it receives; a fresh SQLite database in a temporary folder gets N outbox rows (as N pages would
write them) whose delivery tasks go to Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/15,
emptied first); one worker (`celery -A iqm worker --pool solo`) then sends them through Django's
SMTP backend, one connection per email as the outbox does. The rate is counted from the first
email the sink receives to the last, so the worker's start-up is left out. Needs Redis.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Sink:
    """An SMTP server that takes every email and notes when each arrived."""

    def __init__(self):
        self.times: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.times.append(time.monotonic())
        return "250 OK"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=500)
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for every email")
    args = parser.parse_args()
    if args.emails < 2:
        parser.error("--emails must be at least 2")

    import redis
    from aiosmtpd.controller import Controller

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()
    sink = Sink()
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tempfile.mkdtemp(prefix="iqm-bench-email-")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "iqm.settings",
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    python = sys.executable
    print(f"Migrating a fresh SQLite database in {folder}", flush=True)
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    queue = (
        "from django.core.mail import EmailMessage\n"
        f"messages = [EmailMessage(f'Benchmark {{n}}', 'A line of text.\\n' * 20, to=[f'person{{n}}@school.example']) for n in range({args.emails})]\n"
        "from django.core.mail import get_connection\n"
        "get_connection().send_messages(messages)\n"
    )
    print(f"Recording {args.emails} emails and queueing their delivery on {redis_url}", flush=True)
    subprocess.run([python, "manage.py", "shell", "-c", queue], cwd=ROOT, env=env, check=True)
    print(f"Starting one worker (solo pool); the SMTP sink listens on 127.0.0.1:{port}", flush=True)
    started = time.monotonic()
    worker = subprocess.Popen(
        [python, "-m", "celery", "-A", "iqm", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        while len(sink.times) < args.emails and time.monotonic() - started < args.timeout:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()
    received = len(sink.times)
    if received < 2:
        print(f"The sink received {received} email(s) in {args.timeout} s", file=sys.stderr)
        return 1
    span = sink.times[-1] - sink.times[0]
    rate = (received - 1) / span * 60 if span else float("inf")
    load = os.getloadavg()
    print(
        f"{received} of {args.emails} emails received; {rate:,.0f} emails a minute from the first to the "
        f"last ({span:.1f} s); {os.cpu_count()} cores, load average {load[0]:.2f} at the end"
    )
    return 0 if received == args.emails else 1


if __name__ == "__main__":
    sys.exit(main())
