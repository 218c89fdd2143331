"""Settings for IQM Assessments.

Everything that differs between machines comes from environment variables, read through the
strict helpers in iqm.env (a bad value stops start-up with a message naming the variable).
README.md lists every variable.
"""

import datetime
import ipaddress
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from iqm.env import env_bool, env_choice, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghijkl"  # noqa: S105 - refused below unless DEBUG
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a secret value when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "schools",
    "outbox",
    "assessments",
    "reports",
    "pagecache",
    "selfeval",
    "factcheck",
    "continuity",
    "clusters",
    "reading",
    "library",
    "desk",
    "cycle",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after the user is known, so that it sees every response to them, redirects included.
    "iqm.middleware.NoStoreForSignedInMiddleware",
    "pagecache.rows.SharedCacheOTPMiddleware",  # django-otp's, through the shared cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The demo's error pages (IQM_FRIENDLY_ERRORS): inside every middleware that adds headers or
    # redirects a missing slash, outside django-axes, which answers its own exception first.
    "iqm.middleware.FriendlyErrorsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iqm.urls"
# A form refused by the CSRF check gets the site's own page, saying why.
CSRF_FAILURE_VIEW = "accounts.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "iqm.wsgi.application"

DATABASES = {"default": env_database("DATABASE_URL", BASE_DIR / "db.sqlite3")}
# The pages' fixed queries (prepared.Prepared) are also prepared statements of each PostgreSQL
# session, planned once rather than at every request. Off for a pooler that shares sessions
# between clients (PgBouncer in transaction mode).
PREPARED_STATEMENTS = env_bool("IQM_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "pagecache.rows.CachedUserBackend",
]
# The proxies in front of the app (addresses or networks): only a request from one of them may
# say, in X-Forwarded-For, which client it came from (accounts.throttling.client_ip).
IQM_TRUSTED_PROXIES = env_list("IQM_TRUSTED_PROXIES", [])
for _proxy in IQM_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"IQM_TRUSTED_PROXIES must list IP addresses or networks such as 10.0.0.0/8; got {_proxy!r}."
        ) from None
# Sign-in throttling (django-axes, accounts.throttling): after AXES_FAILURE_LIMIT wrong
# passwords for one account from one address, that account is locked for that address; after
# IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT from all addresses together, everywhere. Either lock lasts
# the cool-off time after the last wrong password, and a password reset ends it.
AXES_FAILURE_LIMIT = env_int("IQM_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT = env_int("IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("IQM_SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "accounts.throttling.SignInThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# An attempt refused during a lock does not lengthen it: an attacker cannot keep the real user
# out for good by trying once every quarter of an hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password reset requests per clock hour, for one email address and from one client address.
IQM_PASSWORD_RESET_ADDRESS_LIMIT = 3
IQM_PASSWORD_RESET_CLIENT_LIMIT = 10
LOGIN_URL = "login"
# Two-factor sign-in: enforced for directors and administrators when on (the default in
# production); offered to everyone else. Development and the demo run without it.
IQM_2FA_ENFORCED = env_bool("IQM_2FA_ENFORCED", not DEBUG)
# With DJANGO_DEBUG on, answer errors with the site's own pages instead of Django's technical
# ones (which list every URL pattern): the demo (scripts/run-app) is seen by visitors.
IQM_FRIENDLY_ERRORS = env_bool("IQM_FRIENDLY_ERRORS", False)
OTP_TOTP_ISSUER = "IQM Assessments"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# British formats: one date style, "11 December 2026", and dates in form fields as <input
# type="date"> needs them (iqm/formats).
FORMAT_MODULE_PATH = ["iqm.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# WhiteNoise serves static files in every mode; in development it reads them from the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root, not under STATIC_URL: /favicon.ico, which browsers ask for
# on every page whatever the page links to.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Issued PDFs go through Django's storage API: the MEDIA_ROOT folder by default, or with
# IQM_STORAGE=s3 an S3-compatible bucket (django-storages) that every app server behind a load
# balancer shares. boto3 reads the credentials itself: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role.
IQM_STORAGE = env_choice("IQM_STORAGE", "filesystem", {"filesystem", "s3"})
if IQM_STORAGE == "s3":
    _bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not _bucket:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must name the bucket when IQM_STORAGE is s3.")
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,  # MinIO, Ceph, other clouds
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "location": env_str("AWS_LOCATION", ""),  # a prefix inside the bucket
            "addressing_style": env_choice("AWS_S3_ADDRESSING_STYLE", "", {"", "auto", "path", "virtual"})
            or None,
            "file_overwrite": False,  # an issued PDF is never overwritten
            "default_acl": None,  # private: downloads go through the app's access checks
        },
    }
else:
    _FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email. Every email goes through the outbox (outbox.backends.OutboxBackend): it is recorded,
# then delivered by a task once the transaction that wrote it has committed, with retries when
# the mail server fails. EMAIL_BACKEND in the environment chooses what finally delivers it: the
# console by default, SMTP when it says so.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env_choice(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    },
)
# The file backend writes each email to a file in EMAIL_FILE_PATH: required with it, a directory.
if OUTBOX_DELIVERY_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")
    if not EMAIL_FILE_PATH or Path(EMAIL_FILE_PATH).is_file():
        raise ImproperlyConfigured(
            "EMAIL_FILE_PATH must be set to a directory for the emails when EMAIL_BACKEND is "
            f"django.core.mail.backends.filebased.EmailBackend; got {EMAIL_FILE_PATH!r}."
        )
# A failed delivery is tried again after IQM_EMAIL_RETRY_SECONDS, then twice as long each time
# (at most an hour between tries), IQM_EMAIL_MAX_ATTEMPTS times in all before the outbox gives
# up and says so; `manage.py send_unsent_email --given-up` tries those again.
OUTBOX_RETRY_SECONDS = env_int("IQM_EMAIL_RETRY_SECONDS", 30, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = 60 * 60
OUTBOX_MAX_ATTEMPTS = env_int("IQM_EMAIL_MAX_ATTEMPTS", 10, minimum=1)
# An email still waiting this long after it was due (its task lost: the broker was down when it
# was queued) is queued again by the periodic task and by `manage.py send_unsent_email`.
OUTBOX_REQUEUE_AFTER_SECONDS = env_int("IQM_EMAIL_REQUEUE_AFTER_SECONDS", 300, minimum=0)
# The SMTP connection's timeout, in seconds: a mail server that does not answer fails the try
# (and it is tried again later) instead of holding a worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IQM Assessments <no-reply@iqm.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The task queue (iqm/celery.py). CELERY_BROKER_URL names the Redis server a worker takes tasks
# from; empty (the default) runs every task in the process that queued it, once its transaction
# has committed, so `scripts/run-app` and the tests need no broker and no worker.
_BROKER_URL = env_str("CELERY_BROKER_URL", "").strip()
if _BROKER_URL and not _BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL must be a redis://host:6379/1, rediss:// or unix:// URL, or empty; got {_BROKER_URL!r}."
    )
CELERY_BROKER_URL = _BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged when it has finished, not when a worker takes it: a worker killed
# mid-task leaves it on the queue for the next one (every task is idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A page that queues a task while the broker is down must answer at once: no retrying the
# publish, one quick second try at connecting and short timeouts (kombu's default is to try to
# connect for ever); the outbox's periodic task queues what was missed.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A task not acknowledged in this time goes to another worker: longer than the longest wait
    # before an email's next try (an hour), which a worker holds unacknowledged.
    "visibility_timeout": 2 * 60 * 60,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# The scheduler's entries (`celery -A iqm beat`); each app adds its own.
CELERY_BEAT_SCHEDULE = {
    "outbox-send-unsent": {"task": "outbox.tasks.send_unsent", "schedule": 5 * 60.0},
    # Reminders and digests: hourly, so that a run missed while a server was down is made up
    # within the hour; each is sent once per occasion, however often the schedule runs.
    "cycle-run-schedule": {"task": "cycle.tasks.run_schedule", "schedule": 60 * 60.0},
}

# The cache. IQM_CACHE_URL names a Redis server that every app server shares; then sessions,
# which always live in the database, are read through it (cached_db), and so is the signed-in
# user (pagecache.rows). Without it each process has a small memory cache of its own, which
# holds only what never changes (an issued report's facts), and sessions and users are read
# from the database on every request.
IQM_CACHE_URL = env_str("IQM_CACHE_URL", "").strip()
IQM_SHARED_CACHE = bool(IQM_CACHE_URL)
if IQM_SHARED_CACHE:
    if not IQM_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"IQM_CACHE_URL must be a redis://host:6379/0, rediss:// or unix:// URL; got {IQM_CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": IQM_CACHE_URL,
            "KEY_PREFIX": env_str("IQM_CACHE_PREFIX", "iqm"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300}}
    SESSION_ENGINE = "accounts.sessions"
# Each process's own memory, for facts that never change once written (who may download an
# issued report): no round trip to the shared cache, and nothing any server must clear.
CACHES["immutable"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "iqm-immutable",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
# The busiest pages keep their rendered parts in the shared cache until the data behind them
# changes (pagecache); entries expire after IQM_PAGE_CACHE_SECONDS in any case.
IQM_PAGE_CACHE = env_bool("IQM_PAGE_CACHE", True)
IQM_PAGE_CACHE_SECONDS = env_int("IQM_PAGE_CACHE_SECONDS", 600, minimum=1)
# How long a signed-in user's row is kept in the shared cache. Every change made through the
# models clears it at once; this bounds how long a change made behind their back goes unseen.
IQM_USER_CACHE_SECONDS = env_int("IQM_USER_CACHE_SECONDS", 60, minimum=1)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
# Directors, assessors and administrators are signed out after this long without a request.
IQM_STAFF_IDLE_MINUTES = env_int("IQM_STAFF_IDLE_MINUTES", 60, minimum=1)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only the app's own scripts, styles, fonts and images;
# no inline script or style anywhere. Bootstrap's CSS draws a few icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

if not DEBUG:
    # Production: HTTPS only, cookies never sent in clear, browsers told to insist on HTTPS.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django refuses request bodies above this; what one assessment may hold is bounded far lower
# (assessments.limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The longest a letter's PDF may take to render (reports.letter), in seconds: a preview or a
# confirmation that hits it gets a clear message, never a worker timeout, so keep it well under
# GUNICORN_TIMEOUT (60). A letter at every content limit renders in a few seconds.
IQM_PDF_TIMEOUT_SECONDS = env_int("IQM_PDF_TIMEOUT_SECONDS", 30, minimum=1)
# The key and certificate that sign every issued letter (reports.signing), as PEM files. With
# DJANGO_DEBUG on they default to a development pair under var/signing/ (git-ignored), made on
# first use; in production both must be set, or `manage.py check` fails and so does confirming.
_DEV_SIGNING_DIR = BASE_DIR / "var" / "signing"
IQM_SIGNING_KEY = env_str("IQM_SIGNING_KEY", str(_DEV_SIGNING_DIR / "dev-signing-key.pem") if DEBUG else "")
IQM_SIGNING_CERT = env_str(
    "IQM_SIGNING_CERT", str(_DEV_SIGNING_DIR / "dev-signing-cert.pem") if DEBUG else ""
)
IQM_SIGNING_DEV_KEY_AUTO = DEBUG
# Requests to /verify/ (pages and uploads) one client address may make per hour, and the largest
# PDF the verification form reads (in memory, never stored).
IQM_VERIFY_CLIENT_LIMIT = env_int("IQM_VERIFY_CLIENT_LIMIT", 60, minimum=1)
IQM_VERIFY_MAX_UPLOAD_BYTES = env_int("IQM_VERIFY_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1)
# The school's evidence for a self-evaluation (selfeval.files): the most one file may be, and
# all of one visit's files together, in bytes.
SELFEVAL_MAX_FILE_BYTES = env_int("IQM_EVIDENCE_MAX_FILE_BYTES", 20 * 1024 * 1024, minimum=1)
SELFEVAL_MAX_VISIT_BYTES = env_int("IQM_EVIDENCE_MAX_VISIT_BYTES", 200 * 1024 * 1024, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
