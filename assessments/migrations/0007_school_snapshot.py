"""Confirmed letters keep their school's details (Assessment.school_snapshot).

Assessments confirmed before this migration get the school's details as the school's history
recorded them at the moment of confirmation, or its current details if the history does not
reach back that far: what the letter printed, as nearly as it can be known. (The issued PDF
itself was stored then and is unchanged.)
"""

from django.db import migrations, models

FIELDS = (
    "name",
    "addressed_name",
    "address_lines",
    "town",
    "county",
    "postcode",
    "local_authority",
    "phase",
    "number_on_roll",
    "headteacher_title",
    "headteacher_name",
)
HELP = (
    "The school's details as the confirmed letter printed them (SCHOOL_SNAPSHOT_FIELDS), taken at "
    "confirmation: the letter keeps them when the school's details change."
)


def snapshot_confirmed(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    School = apps.get_model("schools", "School")
    HistoricalSchool = apps.get_model("schools", "HistoricalSchool")
    confirmed = Assessment.objects.filter(status="confirmed", school_snapshot__isnull=True)
    for assessment in confirmed.only("pk", "school_id", "confirmed_at").iterator():
        then = (
            HistoricalSchool.objects.filter(
                id=assessment.school_id, history_date__lte=assessment.confirmed_at
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
        school = then or School.objects.get(pk=assessment.school_id)
        snapshot = {name: getattr(school, name) for name in FIELDS}
        Assessment.objects.filter(pk=assessment.pk).update(school_snapshot=snapshot)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_kinds_and_award_levels"),
        ("schools", "0003_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="school_snapshot",
            field=models.JSONField(blank=True, editable=False, help_text=HELP, null=True),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="school_snapshot",
            field=models.JSONField(blank=True, editable=False, help_text=HELP, null=True),
        ),
        migrations.RunPython(snapshot_confirmed, migrations.RunPython.noop),
    ]
