"""Run the award cycle's schedule once: for servers that use cron instead of a scheduler."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cycle.services import run_schedule


class Command(BaseCommand):
    help = (
        "Send every reminder and weekly digest due today (Europe/London), each once per occasion and "
        "recipient: the award running out, the self-evaluation due and overdue, the factual check closing "
        "and closed, the report due after a visit, a Centre of Excellence's annual update, a Flagship "
        "school short of cluster meetings, and the Monday digests. Run it daily from cron (or let the task "
        "queue's scheduler call it); running it twice sends nothing twice. --dry-run lists what it would "
        "send, to whom and why, and sends and records nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent, to whom and why; send nothing."
        )
        parser.add_argument(
            "--date",
            help="Run as on this day (YYYY-MM-DD, at noon London time) instead of today: for the demo and "
            "for catching up by hand.",
        )

    def handle(self, *args, **options):
        now = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date must be a day written YYYY-MM-DD, not {options['date']!r}."
                ) from error
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        outcome = run_schedule(now=now, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(f"Dry run for {outcome.today.isoformat()}: nothing is sent or recorded.")
            for item in outcome.planned:
                self.stdout.write(f"  would send to {item.line()}" if item.recipient else f"  {item.line()}")
            self.stdout.write(f"{len(outcome.planned)} in all.")
            return
        self.stdout.write(
            f"Schedule for {outcome.today.isoformat()}: {outcome.sent} sent, "
            f"{outcome.unreached} school occasion(s) with no one to email (listed for the director), "
            f"{outcome.failed} failed (tried again on the next run)."
        )
        if outcome.failed:
            raise CommandError(f"{outcome.failed} email(s) could not be sent; the next run tries them again.")
