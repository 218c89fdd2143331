"""Previous / Next run through every page of the editor (issue 26, item 7): the continuity
pages (registered by continuity.parts) and a themed report's Sections page and each section's
page sit in the sequence like the elements' pages."""

import re

import pytest
from django.urls import reverse

from assessments.sections import section_add
from tests.assessments.test_sections_editor import as_lead, themed  # noqa: F401
from tests.continuity.test_continuity_pages import earlier, flagship  # noqa: F401

pytestmark = pytest.mark.django_db


def pager(client, url) -> tuple[str | None, str]:
    """The Previous link's address (None without one) and the Next link's (or the overview's)."""
    html = client.get(url).content.decode()
    nav = re.search(r'<nav class="pager.*?</nav>', html, re.S).group(0)
    previous = re.search(r'href="([^"]+)" rel="prev"', nav)
    following = re.search(r'href="([^"]+)" rel="next"', nav) or re.search(r'href="([^"]+)">Overview', nav)
    return (previous.group(1) if previous else None), following.group(1)


def test_the_continuity_pages_follow_the_elements_in_order(client, lead, flagship):  # noqa: F811
    client.force_login(lead)
    last = flagship.framework.elements.order_by("number").last().number
    element = reverse("assessment_element", args=[flagship.pk, last])
    previous, targets, research = (
        reverse(name, args=[flagship.pk])
        for name in ("continuity_previous", "continuity_targets", "continuity_research")
    )
    overview = reverse("assessment_overview", args=[flagship.pk])
    assert pager(client, element)[1] == previous
    assert pager(client, previous) == (element, targets)
    assert pager(client, targets) == (previous, research)
    assert pager(client, research) == (targets, overview)


def test_a_themed_report_walks_through_its_sections(as_lead, themed):  # noqa: F811
    lead = themed.lead_assessor
    first = section_add(assessment=themed, by=lead, heading="Context", narrative="Small.")
    second = section_add(assessment=themed, by=lead, heading="Provision", narrative="Known well.")
    outcome = reverse("assessment_section", args=[themed.pk, "outcome"])
    sections = reverse("assessment_sections", args=[themed.pk])
    one, two = (reverse("themed_section", args=[themed.pk, s.pk]) for s in (first, second))
    targets = reverse("continuity_targets", args=[themed.pk])
    assert pager(as_lead, outcome)[1] == sections
    assert pager(as_lead, sections) == (outcome, one)
    assert pager(as_lead, one) == (sections, two)
    assert pager(as_lead, two) == (one, targets)
    assert pager(as_lead, targets)[0] == sections


def test_a_themed_report_without_sections_goes_on_past_the_page(as_lead, themed):  # noqa: F811
    sections = reverse("assessment_sections", args=[themed.pk])
    outcome = reverse("assessment_section", args=[themed.pk, "outcome"])
    assert pager(as_lead, sections) == (outcome, reverse("continuity_targets", args=[themed.pk]))
