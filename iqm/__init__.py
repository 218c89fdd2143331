"""The project's configuration. The Celery app is loaded with Django, so that every
`@shared_task` queues through it."""

from iqm.celery import app as celery_app

__all__ = ("celery_app",)
