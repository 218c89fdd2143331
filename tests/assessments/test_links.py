"""assessments.links.reversed_once: the address reverse() gives, the pattern reversed once, for
an integer key or the editor's section slugs, after the pattern's other arguments."""

from django.urls import reverse

from assessments.editing import SECTIONS
from assessments.links import reversed_once


def test_it_gives_reverses_address_for_integer_keys_after_other_arguments():
    assert reversed_once("assessment_overview")(7) == reverse("assessment_overview", args=[7])
    assert reversed_once("assessment_element", 12)(3) == reverse("assessment_element", args=[12, 3])


def test_it_gives_reverses_address_for_every_section_key():
    section = reversed_once("assessment_section", 12)
    for key in (s.key for s in SECTIONS):
        assert section(key) == reverse("assessment_section", args=[12, key])
