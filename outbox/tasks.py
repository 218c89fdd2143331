"""The outbox's tasks: delivering one email, and queueing again what is left unsent."""

from celery import shared_task

from outbox import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True, max_retries=None)
def deliver(self, email_id: int) -> None:
    """Send one outbox email; when the mail server fails, try again later, each time waiting
    twice as long. Idempotent: an email already sent is not sent again. Run in the process that
    queued it (no broker), a failure is not retried at once (the page would wait): the periodic
    task or `manage.py send_unsent_email` tries it again."""
    delay = services.email_deliver(email_id=email_id)
    if delay is not None and not self.request.is_eager:
        raise self.retry(countdown=delay)


@shared_task(acks_late=True, ignore_result=True)
def send_unsent() -> int:
    """Queue again every email still unsent long after it was due (CELERY_BEAT_SCHEDULE)."""
    return services.emails_requeue()
