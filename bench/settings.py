"""Settings for development and benchmarks: the product's settings (iqm.settings, from the
environment as ever) plus the bench app and its commands.

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py seed_bulk --schools 10000

Never a production server's settings: seed_bulk drops and restores foreign keys while it fills a
database. bench/seed-bulk and bench/run-load set this module themselves.
"""

from iqm.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# The product's URLs and the trivial view the benchmarks measure as the floor (/bench/floor/).
ROOT_URLCONF = "bench.urls"
