"""Seed the award-expiry reminders: for every award level, six months and one month before the
award runs out, and on the day it has lapsed. Directors change them in the admin."""

from django.db import migrations

SEED_MONTHS = (6, 1, 0)


def seed(apps, schema_editor):
    AwardLevel = apps.get_model("assessments", "AwardLevel")
    ExpiryNotice = apps.get_model("cycle", "ExpiryNotice")
    for level in AwardLevel.objects.all():
        for months in SEED_MONTHS:
            ExpiryNotice.objects.get_or_create(level=level, months_before=months)


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
