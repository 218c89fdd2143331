"""The award cycle's task: the schedule, run by the scheduler (CELERY_BEAT_SCHEDULE) every hour.

Running it more often than once a day costs the dry run's few queries: each reminder is recorded
when it is sent, once per occasion and person, so a second run on the same London day (or a second
scheduler) sends nothing, and a run missed while a server was down is made up by the next one."""

from celery import shared_task

from cycle import services


@shared_task(acks_late=True, ignore_result=True)
def run_schedule() -> int:
    """Send every reminder and digest due now; returns how many were sent."""
    return services.run_schedule().sent
