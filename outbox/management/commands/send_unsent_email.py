"""Queue again the emails left unsent: those whose task was lost (the broker was down when a
page queued them) or whose retry is overdue; with --given-up, those the outbox gave up on."""

from django.core.management.base import BaseCommand

from outbox import services
from outbox.models import Email


class Command(BaseCommand):
    help = (
        "Queue again every email still unsent long after it was due (IQM_EMAIL_REQUEUE_AFTER_SECONDS; "
        "--older-than to choose), and with --given-up those the outbox stopped trying. Without a "
        "broker (CELERY_BROKER_URL empty) they are sent at once. The scheduler does the same every "
        "five minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="queue emails due at least this long ago (0: every unsent email)",
        )
        parser.add_argument("--given-up", action="store_true", help="try again the emails given up on")
        parser.add_argument("--dry-run", action="store_true", help="say how many are unsent; queue nothing")

    def handle(self, *args, older_than, given_up, dry_run, **options):
        if older_than is not None and older_than < 0:
            self.stderr.write("--older-than must be 0 or more seconds.")
            raise SystemExit(2)
        if dry_run:
            unsent = Email.objects.unsent().count()
            gave_up = Email.objects.filter(status=Email.Status.GAVE_UP).count()
            self.stdout.write(f"{unsent} email(s) not yet sent; {gave_up} given up on.")
            return
        queued = services.emails_requeue(older_than_seconds=older_than, given_up=given_up)
        self.stdout.write(f"Queued {queued} email(s) again.")
