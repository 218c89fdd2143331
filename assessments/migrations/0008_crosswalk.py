"""The crosswalk as data (ElementMapping), seeded with how the ten elements of the 2010 framework
became the eight of the current one: each 2010 element number, with the numbers of the current
elements that took over what it looked at (judged from the titles and what each element covers).
"""

import django.db.models.deletion
from django.db import migrations, models

FROM = ("Inclusion Quality Mark", "2010")
TO = ("IQM Evaluative Framework", "Eight elements")
CROSSWALK_2010 = {
    1: [4, 5],  # Learner Progress → Teaching and Learning; Assessment
    2: [1, 6],  # Learner Attitude, Values & Personal Development → Inclusion Values; Behaviour, Attitudes …
    3: [1, 2],  # Leadership & Management → Inclusion Values; Leadership, Management and Accountability
    4: [2],  # Staffing System & Organisation → Leadership, Management and Accountability
    5: [4],  # The Learning Environment → Teaching and Learning – Learning Environment …
    6: [3, 4],  # Teaching & Learning → Curriculum; Teaching and Learning
    7: [4],  # Resources & ICT → Teaching and Learning – … Planning Resources …
    8: [7],  # Parents & Carers → Parents, Carers and Guardians
    9: [2, 8],  # Governors, External Partners & Local Authority → Leadership …; Links with … Community
    10: [8],  # The Community → Links with Local, Wider and Global Community
}


def seed_crosswalk(apps, schema_editor):
    """Map the 2010 elements to the current ones; a database without either framework (or with
    the mapping already there) is left as it is. Tests call it to put the rows back."""
    Framework = apps.get_model("assessments", "Framework")
    Element = apps.get_model("assessments", "Element")
    ElementMapping = apps.get_model("assessments", "ElementMapping")
    old = Framework.objects.filter(name=FROM[0], version=FROM[1]).first()
    new = Framework.objects.filter(name=TO[0], version=TO[1]).first()
    if old is None or new is None:
        return
    old_elements = {e.number: e for e in Element.objects.filter(framework=old)}
    new_elements = {e.number: e for e in Element.objects.filter(framework=new)}
    for number, targets in CROSSWALK_2010.items():
        for target in targets:
            if number in old_elements and target in new_elements:
                ElementMapping.objects.get_or_create(
                    from_element=old_elements[number], to_element=new_elements[target]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_school_snapshot"),
    ]

    operations = [
        migrations.CreateModel(
            name="ElementMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_element",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mappings_from",
                        to="assessments.element",
                    ),
                ),
                (
                    "to_element",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mappings_to",
                        to="assessments.element",
                    ),
                ),
            ],
            options={
                "ordering": ["from_element__framework", "from_element__number", "to_element__number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("from_element", "to_element"),
                        name="element_mapping_unique_pair",
                        violation_error_message="These two elements are already mapped.",
                    )
                ],
            },
        ),
        migrations.RunPython(seed_crosswalk, migrations.RunPython.noop),
    ]
