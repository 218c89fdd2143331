"""gunicorn's settings for IQM Assessments: `gunicorn -c gunicorn.conf.py iqm.wsgi`.

scripts/serve-production runs exactly that. Each value can be set from the environment; a bad
value stops start-up with a message naming the variable, as the Django settings do.

| variable | default | meaning |
|---|---|---|
| GUNICORN_BIND | 127.0.0.1:8000 | address(es) to listen on, comma-separated (`0.0.0.0:8000`, `unix:/run/iqm.sock`) |
| GUNICORN_WORKERS | 2 × cores + 1 | worker processes |
| GUNICORN_THREADS | 1 | threads per worker (above 1, gunicorn uses its gthread worker) |
| GUNICORN_TIMEOUT | 60 | seconds a request may take before its worker is restarted |
| GUNICORN_MAX_REQUESTS | 10000 | requests a worker serves before it is replaced (0: never) |
| GUNICORN_LOG_LEVEL | info | gunicorn's own log level |
| GUNICORN_CONTROL_SOCKET | (none) | path of gunicorn's control socket; off unless set |
| FORWARDED_ALLOW_IPS | 127.0.0.1,::1 | proxies trusted to say the request came over HTTPS |
"""

import os


def _text(name: str, default: str) -> str:
    return os.environ.get(name, default).strip() or default


def _whole(name: str, default: int, minimum: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {value!r}.") from None
    if number < minimum:
        raise SystemExit(f"{name} must be at least {minimum}; got {number}.")
    return number


def _cores() -> int:
    """The cores this process may run on (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = [address.strip() for address in _text("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = _whole("GUNICORN_WORKERS", 2 * _cores() + 1, minimum=1)
threads = _whole("GUNICORN_THREADS", 1, minimum=1)

# Confirming an assessment renders its PDF inside the request: allow it time, but not forever.
timeout = _whole("GUNICORN_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
# Behind a load balancer that keeps connections open, close idle ones after the balancer does
# (its idle timeout is usually 60 s). The default sync worker closes each connection anyway.
keepalive = 75

# Replace each worker now and then, so memory WeasyPrint holds on to is given back: rarely
# enough that the busiest worker is replaced every few minutes, not every few seconds.
max_requests = _whole("GUNICORN_MAX_REQUESTS", 10000, minimum=0)
max_requests_jitter = max_requests // 10

# Logs to stdout and stderr, for the service manager or container runtime to collect; the access
# log ends with the time each request took, in milliseconds.
accesslog = "-"
errorlog = "-"
loglevel = _text("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# The proxies whose X-Forwarded-* headers gunicorn believes. Django trusts X-Forwarded-Proto
# (SECURE_PROXY_SSL_HEADER), so the proxy in front must set it and strip any the client sent.
forwarded_allow_ips = _text("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Heartbeat files in memory, not on a disk that may stall (gunicorn's advice for containers).
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own recommendation; it makes private files there
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# gunicorn's control socket has one default path per user, which a second server on the same
# machine would fight over: off unless a path is given.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
control_socket_disable = not _control
if _control:
    control_socket = _control

wsgi_app = "iqm.wsgi:application"
# Load Django once in the master and fork the workers from it: a replaced worker starts in
# milliseconds instead of importing everything again. (Nothing connects to the database at
# import time, so no connection is shared between workers.) A new release needs a restart,
# not a HUP.
preload_app = True
