"""The task queue: one Celery app, configured from Django's settings (the CELERY_* names in
iqm/settings.py), finding each app's tasks.py.

With CELERY_BROKER_URL empty (the default: `scripts/run-app` and the tests) tasks run in the
same process, once the transaction that queued them has committed; with a Redis broker, a worker
(`celery -A iqm worker`) runs them and the scheduler (`celery -A iqm beat`) starts the periodic
ones (README.md, "Email and the task queue")."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iqm.settings")

app = Celery("iqm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
