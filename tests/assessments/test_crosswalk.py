"""The crosswalk as data: each 2010 element maps to the current elements it became
(ElementMapping, seeded by migration 0008); a mapping joins two different frameworks, once."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Element, ElementMapping, Framework

pytestmark = pytest.mark.django_db

TEN = ("Inclusion Quality Mark", "2010")
EIGHT = ("IQM Evaluative Framework", "Eight elements")


@pytest.fixture(autouse=True)
def _crosswalk():
    """The rows migration 0008 seeds (a transactional test elsewhere may have emptied them)."""
    importlib.import_module("assessments.migrations.0008_crosswalk").seed_crosswalk(apps, None)


def titles_of(number: int) -> list[str]:
    return list(
        ElementMapping.objects.filter(
            from_element__framework__name=TEN[0],
            from_element__framework__version=TEN[1],
            from_element__number=number,
            to_element__framework__name=EIGHT[0],
            to_element__framework__version=EIGHT[1],
        )
        .order_by("to_element__number")
        .values_list("to_element__title", flat=True)
    )


def test_every_2010_element_maps_to_a_current_one_and_every_current_one_is_reached():
    ten = Framework.objects.get(name=TEN[0], version=TEN[1])
    eight = Framework.objects.get(name=EIGHT[0], version=EIGHT[1])
    mapped_from = set(
        ElementMapping.objects.filter(to_element__framework=eight).values_list(
            "from_element__number", flat=True
        )
    )
    reached = set(
        ElementMapping.objects.filter(from_element__framework=ten).values_list(
            "to_element__number", flat=True
        )
    )
    assert mapped_from == set(range(1, 11))
    assert reached == set(range(1, 9))


def test_the_2010_elements_map_to_what_they_became():
    assert titles_of(1) == [
        "Teaching and Learning – Learning Environment, Planning Resources and Pedagogy",
        "Assessment",
    ]
    assert titles_of(2) == [
        "Inclusion Values of the School",
        "Behaviour, Attitudes to Learning and Personal Development",
    ]
    assert titles_of(4) == ["Leadership, Management and Accountability"]
    for number in (5, 7):
        assert titles_of(number) == [
            "Teaching and Learning – Learning Environment, Planning Resources and Pedagogy"
        ]
    assert titles_of(8) == ["Parents, Carers and Guardians"]
    assert titles_of(9) == [
        "Leadership, Management and Accountability",
        "Links with Local, Wider and Global Community",
    ]
    assert titles_of(10) == ["Links with Local, Wider and Global Community"]


def test_seeding_twice_changes_nothing():
    before = ElementMapping.objects.count()
    importlib.import_module("assessments.migrations.0008_crosswalk").seed_crosswalk(apps, None)
    assert ElementMapping.objects.count() == before == 15


def test_a_mapping_joins_two_different_frameworks():
    first, second = Element.objects.filter(framework__version=TEN[1]).order_by("number")[:2]
    with pytest.raises(ValidationError, match="two different frameworks"):
        ElementMapping(from_element=first, to_element=second).full_clean()


def test_a_pair_is_mapped_once():
    mapping = ElementMapping.objects.first()
    with pytest.raises(ValidationError, match="already mapped"):
        ElementMapping(from_element=mapping.from_element, to_element=mapping.to_element).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ElementMapping.objects.create(from_element=mapping.from_element, to_element=mapping.to_element)


def test_the_admin_names_each_elements_framework_and_refuses_a_mapping_within_one(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:assessments_elementmapping_add")).content.decode()
    assert "Inclusion Quality Mark (2010): Element 6 - Teaching &amp; Learning" in page
    first, second = Element.objects.filter(framework__version=TEN[1]).order_by("number")[:2]
    before = ElementMapping.objects.count()
    response = client.post(
        reverse("admin:assessments_elementmapping_add"), {"from_element": first.pk, "to_element": second.pk}
    )
    assert "A crosswalk maps elements of two different frameworks." in response.content.decode()
    assert ElementMapping.objects.count() == before
    listing = client.get(reverse("admin:assessments_elementmapping_changelist")).content.decode()
    assert "IQM Evaluative Framework (Eight elements)" in listing
