"""Stop serving every cached page part (pagecache), for after a change the models did not
see: rows changed in psql, or a database restored from a backup."""

from django.conf import settings
from django.core.management.base import BaseCommand

from pagecache import topics


class Command(BaseCommand):
    help = (
        "Stop serving every cached page part: the next request for each page renders it afresh. "
        "Run it after changing rows outside the app (psql, a restored backup); changes made "
        "through the app clear what they touch by themselves. Signed-in users stay signed in. "
        "Without a shared cache (IQM_CACHE_URL) there is nothing to clear."
    )

    def handle(self, *args, **options):
        if not settings.IQM_SHARED_CACHE:
            self.stdout.write("No shared cache is configured (IQM_CACHE_URL): no page is cached.")
            return
        topics.changed(topics.LISTS)
        self.stdout.write(
            "Every cached page part is out of date; each page renders afresh on its next request."
        )
