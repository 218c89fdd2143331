"""A visit whose kind records targets for the coming year needs at least one before it is
submitted (and one that records a research project needs it named, with a key step), and a list
page with nothing in it is never marked done (issue 26, item 8)."""

import re

import pytest
from django.urls import reverse

from assessments.completeness import missing_parts
from assessments.kinds import VisitKind
from assessments.models import Status
from continuity import services
from continuity.models import Target
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db

NO_TARGETS = "No targets for the coming year yet: add at least one"


@pytest.fixture
def review(school, lead):
    """A Flagship review complete in every other way, with no targets for the coming year."""
    visit = fill_complete(
        AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_REVIEW)
    )
    Target.objects.filter(assessment=visit).delete()
    return visit


def sidebar_mark(html: str, title: str) -> str:
    """The sidebar's mark beside one page: complete, still to do or nothing in it yet."""
    nav = html[html.index('class="pages-nav"') :]
    row = re.search(rf">{re.escape(title)}</a>\s*(.*?)</li>", nav, re.S).group(1)
    return re.search(r'class="visually-hidden"> \(([^)]+)\)', row).group(1)


def test_a_kind_that_records_targets_needs_one(review, lead):
    assert [(part.section, part.label) for part in missing_parts(review)] == [("targets", NO_TARGETS)]
    services.target_add(assessment=review, by=lead, text="Open a hub.")
    assert missing_parts(review) == []


def test_a_kind_without_targets_needs_none(school, lead):
    visit = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    assert not visit.kind.records_targets
    assert missing_parts(visit) == []


def test_the_assessors_home_reads_the_same_without_a_query_per_visit(review, lead):
    from assessments.workspace import assessor_rows

    row = next(row for row in assessor_rows(lead) if row["assessment"].pk == review.pk)
    assert [part.label for part in row["missing"]] == [NO_TARGETS]


def test_the_targets_page_is_not_marked_done_while_it_is_empty(client, lead, review):
    client.force_login(lead)
    url = reverse("continuity_targets", args=[review.pk])
    html = client.get(url).content.decode()
    assert sidebar_mark(html, "Targets for the coming year") == "still to do"
    overview = client.get(reverse("assessment_overview", args=[review.pk])).content.decode()
    assert NO_TARGETS in overview
    services.target_add(assessment=review, by=lead, text="Open a hub.")
    assert sidebar_mark(client.get(url).content.decode(), "Targets for the coming year") == "complete"


def test_submitting_without_targets_is_refused_with_a_link_to_the_page(client, lead, review):
    client.force_login(lead)
    response = client.post(reverse("assessment_submit", args=[review.pk]), {"confirm_read": "yes"})
    html = response.content.decode()
    assert "Not submitted" in html
    assert f'href="{reverse("continuity_targets", args=[review.pk])}">{NO_TARGETS}' in html
    review.refresh_from_db()
    assert review.status == Status.DRAFT


def test_an_empty_optional_list_is_marked_empty_not_done(client, lead, draft):
    client.force_login(lead)
    html = client.get(reverse("assessment_section", args=[draft.pk, "key_successes"])).content.decode()
    assert sidebar_mark(html, "Key areas of success") == "nothing in it yet"
    fill_complete(draft)
    html = client.get(reverse("assessment_section", args=[draft.pk, "key_successes"])).content.decode()
    assert sidebar_mark(html, "Key areas of success") == "complete"


def test_a_kind_that_records_a_research_project_needs_it_with_a_step(client, lead, review):
    from continuity.models import ResearchProject

    services.target_add(assessment=review, by=lead, text="Open a hub.")
    ResearchProject.objects.filter(assessment=review).delete()
    label = "No research project yet: give it its title and a key step"
    assert [(part.section, part.label) for part in missing_parts(review)] == [("research", label)]
    client.force_login(lead)
    url = reverse("continuity_research", args=[review.pk])
    html = client.get(url).content.decode()
    assert sidebar_mark(html, "Research project") == "still to do" and label in html
    services.project_set(assessment=review, by=lead, title="Reading for pleasure")
    assert [part.label for part in missing_parts(review)] == [label]
    services.step_add(assessment=review, by=lead, step="Survey pupils.")
    assert missing_parts(review) == []
    assert sidebar_mark(client.get(url).content.decode(), "Research project") == "complete"
