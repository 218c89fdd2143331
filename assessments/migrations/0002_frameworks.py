"""Create the two IQM frameworks as data: the 2010 framework of the reference report (ten
elements) and the current Evaluative Framework (eight elements)."""

from django.db import migrations

FRAMEWORKS = [
    {
        "name": "Inclusion Quality Mark",
        "version": "2010",
        "is_current": False,
        "description": "The ten-element framework of 2010.",
        "elements": [
            "Learner Progress",
            "Learner Attitude, Values & Personal Development",
            "Leadership & Management",
            "Staffing System & Organisation",
            "The Learning Environment",
            "Teaching & Learning",
            "Resources & ICT",
            "Parents & Carers",
            "Governors, External Partners & Local Authority",
            "The Community",
        ],
    },
    {
        "name": "IQM Evaluative Framework",
        "version": "current",
        "is_current": True,
        "description": "The current eight-element Evaluative Framework.",
        "elements": [
            "Inclusion Values of the School",
            "Leadership, Management and Accountability",
            "Curriculum – Structure, Pupil Engagement and Adaptation",
            "Teaching and Learning – Learning Environment, Planning Resources and Pedagogy",
            "Assessment",
            "Behaviour, Attitudes to Learning and Personal Development",
            "Parents, Carers and Guardians",
            "Links with Local, Wider and Global Community",
        ],
    },
]


def create_frameworks(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    Element = apps.get_model("assessments", "Element")
    for spec in FRAMEWORKS:
        framework, _ = Framework.objects.get_or_create(
            name=spec["name"],
            version=spec["version"],
            defaults={"is_current": spec["is_current"], "description": spec["description"]},
        )
        for number, title in enumerate(spec["elements"], start=1):
            Element.objects.get_or_create(framework=framework, number=number, defaults={"title": title})


def remove_frameworks(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    for spec in FRAMEWORKS:
        Framework.objects.filter(name=spec["name"], version=spec["version"], assessments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create_frameworks, remove_frameworks)]
