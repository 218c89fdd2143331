"""continuity/parts.py at its edges (found by mutation testing, docs/testing.md): what its text
counts towards the size limit, what it lacks whether or not the rows were prefetched, and the
texts the spelling check reads, each with its address."""

import pytest

from assessments.completeness import MissingPart
from assessments.kinds import VisitKind
from assessments.models import Assessment
from continuity import parts
from continuity.models import CarriedItem, ResearchProject, ResearchStep, Target
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

NO_TARGETS = MissingPart("targets", "No targets for the coming year yet: add at least one")
NO_PROJECT = MissingPart("research", "No research project yet: give it its title and a key step")


def filled(visit):
    """A target, a research step and a carried item, each field a different length."""
    Target.objects.create(assessment=visit, position=1, text="Train staff.", lead="Ms Lee", by_when="July")
    project = ResearchProject.objects.create(assessment=visit, title="Reading")
    ResearchStep.objects.create(
        assessment=visit,
        project=project,
        position=1,
        step="Buy the books.",
        responsible="Mr Patel",
        timeline="Spring term",
        comment="Ordered.",
    )
    CarriedItem.objects.create(
        assessment=visit,
        source=CarriedItem.Source.AREA,
        position=1,
        text="Peer mentoring.",
        progress="met",
        comment="Twelve mentors.",
    )
    return visit


@pytest.fixture
def flagship(school, lead):
    return AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT)


def test_every_written_field_counts_towards_the_size_limit_and_only_the_visits_own(flagship, lead):
    other = filled(AssessmentFactory(lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT))
    assert parts.text_length(flagship.pk) == 0
    filled(flagship)
    written = (
        "Train staff.",
        "Ms Lee",
        "July",
        "Buy the books.",
        "Mr Patel",
        "Spring term",
        "Ordered.",
        "Twelve mentors.",
    )
    assert parts.text_length(flagship.pk) == sum(map(len, written))
    assert parts.text_length(other.pk) == parts.text_length(flagship.pk)


def test_the_size_limit_counts_continuitys_text_through_the_registry(flagship):
    from assessments import editing

    before = editing.assessment_text_length(flagship.pk)
    filled(flagship)
    assert editing.assessment_text_length(flagship.pk) == before + parts.text_length(flagship.pk) > before


@pytest.mark.parametrize("prefetch", [False, True], ids=["read", "prefetched"])
def test_a_flagship_visit_lacks_its_targets_and_project_until_it_has_them(flagship, prefetch):
    def missing():
        visit = flagship
        if prefetch:
            visit = Assessment.objects.prefetch_related("carried_items", "research_steps", "targets").get(
                pk=flagship.pk
            )
        return parts.missing(visit)

    assert missing() == [NO_TARGETS, NO_PROJECT]
    CarriedItem.objects.create(
        assessment=flagship, source=CarriedItem.Source.TARGET, position=1, text="Raise attendance."
    )
    CarriedItem.objects.create(
        assessment=flagship,
        source=CarriedItem.Source.AREA,
        position=2,
        text="Transition.",
        progress="met",
        comment="XXX ask the head.",
    )
    CarriedItem.objects.create(
        assessment=flagship, source=CarriedItem.Source.AREA, position=1, text="Peer mentoring."
    )
    expected_carried = [
        MissingPart("previous", "Area for development 1 from the previous visit: progress not recorded"),
        MissingPart("previous", "Area for development 2: the comment still holds TODO or XXX"),
        MissingPart("previous", "Last year's target 1 from the previous visit: progress not recorded"),
    ]
    # The targets' line comes after the previous visit's items, before the research.
    assert missing() == [*expected_carried, NO_TARGETS, NO_PROJECT]
    Target.objects.create(assessment=flagship, position=1, text="Train staff.")
    assert missing() == [*expected_carried, NO_PROJECT]
    project = ResearchProject.objects.create(assessment=flagship, title="Reading")
    ResearchStep.objects.create(assessment=flagship, project=project, position=1, step="Buy the books.")
    assert missing() == expected_carried
    CarriedItem.objects.filter(assessment=flagship).update(progress="met", comment="")
    assert missing() == []


@pytest.mark.parametrize("prefetch", [False, True], ids=["read", "prefetched"])
def test_a_visit_without_targets_or_a_project_in_its_kind_lacks_neither(school, lead, prefetch):
    visit = AssessmentFactory(school=school, lead_assessor=lead)
    if prefetch:
        visit = Assessment.objects.prefetch_related("carried_items", "research_steps", "targets").get(
            pk=visit.pk
        )
    assert parts.missing(visit) == []


def test_the_spelling_check_reads_each_text_with_its_address_in_page_order(flagship):
    filled(flagship)
    Target.objects.create(assessment=flagship, position=2, text="Open a hub.", lead="   ")
    target_1, target_2 = Target.objects.filter(assessment=flagship).order_by("position")
    step = ResearchStep.objects.get(assessment=flagship)
    item = CarriedItem.objects.get(assessment=flagship)
    previous, targets, research = (
        parts.page_url(flagship, key) for key in ("previous", "targets", "research")
    )
    assert [(t.where, t.url, t.text) for t in parts.texts(flagship)] == [
        (
            "Area for development 1 from the previous visit, comment",
            f"{previous}#carried-{item.pk}",
            "Twelve mentors.",
        ),
        ("Target 1", f"{targets}#target-{target_1.pk}", "Train staff."),
        ("Target 1, who leads it", f"{targets}#target-{target_1.pk}", "Ms Lee"),
        ("Target 2", f"{targets}#target-{target_2.pk}", "Open a hub."),
        ("Research project step 1", f"{research}#step-{step.pk}", "Buy the books."),
        ("Research project step 1, comment", f"{research}#step-{step.pk}", "Ordered."),
    ]


def test_a_page_applies_by_the_visits_kind_and_an_unknown_page_never(flagship, draft):
    assert [
        key for key in ("previous", "targets", "research", "nowhere") if parts.applies(flagship, key)
    ] == [
        "targets",
        "research",
    ]
    assert [key for key in ("previous", "targets", "research") if parts.applies(draft, key)] == []


@pytest.mark.parametrize("prefetch", [False, True], ids=["read", "prefetched"])
def test_only_the_carried_steps_without_progress_are_missing(flagship, lead, prefetch):
    filled(flagship)
    earlier = filled(AssessmentFactory(lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT))
    from_earlier = ResearchStep.objects.get(assessment=earlier)
    project = ResearchProject.objects.get(assessment=flagship)
    for position, progress in ((2, ""), (3, "met")):
        ResearchStep.objects.create(
            assessment=flagship,
            project=project,
            position=position,
            step="Carried.",
            carried_from=from_earlier,
            progress=progress,
        )
    CarriedItem.objects.create(
        assessment=flagship, source=CarriedItem.Source.TARGET, position=1, text="Attendance."
    )
    visit = flagship
    if prefetch:
        visit = Assessment.objects.prefetch_related("carried_items", "research_steps", "targets").get(
            pk=flagship.pk
        )
    assert parts.missing(visit) == [
        MissingPart("previous", "Last year's target 1 from the previous visit: progress not recorded"),
        MissingPart("research", "Research project step 2: progress not recorded"),
    ]


def test_prefetched_rows_are_read_without_a_query(flagship, django_assert_num_queries):
    filled(flagship)
    CarriedItem.objects.create(
        assessment=flagship, source=CarriedItem.Source.TARGET, position=1, text="Attendance."
    )
    expected = [
        MissingPart("previous", "Last year's target 1 from the previous visit: progress not recorded")
    ]
    visits = Assessment.objects.select_related("kind__award_level")
    visit = visits.get(pk=flagship.pk)
    with django_assert_num_queries(1):
        assert parts.missing(visit) == expected
    visit = visits.prefetch_related("carried_items", "research_steps", "targets").get(pk=flagship.pk)
    with django_assert_num_queries(0):
        assert parts.missing(visit) == expected


def test_the_spelling_check_reads_the_carried_items_by_source_then_position(flagship):
    for source, position in (("target", 2), ("area", 2), ("target", 1), ("area", 1)):
        CarriedItem.objects.create(
            assessment=flagship,
            source=source,
            position=position,
            text="Carried.",
            progress="met",
            comment=f"On {source} {position}.",
        )
    assert [text.text for text in parts.texts(flagship)] == [
        "On area 1.",
        "On area 2.",
        "On target 1.",
        "On target 2.",
    ]
