"""What was carried in from the previous visit needs its progress, and its comment no TODO or
XXX; so do the research project's carried steps (assessments.completeness._missing_progress):
in the order the page lists them, only the assessment's own, the same whether or not the rows
were prefetched. Written to kill the mutants mutmut found surviving (docs/testing.md)."""

import pytest

from assessments.completeness import MissingPart, missing_parts
from assessments.models import Assessment
from continuity.models import CarriedItem, ResearchProject, ResearchStep
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def carried_step(assessment, previous_step, *, progress=""):
    project, _ = ResearchProject.objects.get_or_create(assessment=assessment, defaults={"title": "Reading"})
    return ResearchStep.objects.create(
        assessment=assessment,
        project=project,
        position=project.steps.count() + 1,
        step="Train the reading buddies.",
        progress=progress,
        carried_from=previous_step,
    )


@pytest.fixture
def unfinished(complete_draft, lead):
    """The complete draft with a target whose comment holds TODO, an area without progress and a
    carried research step without progress; beside it, another visit with unfinished rows of its
    own. Returns the draft."""
    previous = AssessmentFactory(school=complete_draft.school, lead_assessor=lead)
    previous_project = ResearchProject.objects.create(assessment=previous, title="Reading")
    previous_step = ResearchStep.objects.create(
        assessment=previous, project=previous_project, position=1, step="Buy the books."
    )
    for assessment in (complete_draft, previous):
        CarriedItem.objects.create(
            assessment=assessment,
            source=CarriedItem.Source.TARGET,
            position=1,
            text="Raise attendance.",
            progress="partly_met",
            comment="TODO ask the attendance officer.",
        )
        CarriedItem.objects.create(
            assessment=assessment, source=CarriedItem.Source.AREA, position=1, text="Peer mentoring."
        )
    CarriedItem.objects.create(
        assessment=complete_draft,
        source=CarriedItem.Source.MINOR_AREA,
        position=1,
        text="Signage.",
        progress="met",
        comment="Done, and the xxx-large signs too.",  # no marker: XXX is a word in capitals
    )
    carried_step(complete_draft, previous_step)
    carried_step(previous, previous_step)
    return complete_draft


EXPECTED = [
    MissingPart("previous", "Area for development 1 from the previous visit: progress not recorded"),
    MissingPart("previous", "Last year's target 1: the comment still holds TODO or XXX"),
    MissingPart("research", "Research project step 1: progress not recorded"),
]


def test_it_lists_the_unfinished_carried_rows_in_order_and_only_its_own(unfinished):
    assert missing_parts(unfinished) == EXPECTED


def test_it_says_the_same_of_prefetched_rows(unfinished):
    prefetched = Assessment.objects.prefetch_related("carried_items", "research_steps").get(pk=unfinished.pk)
    assert missing_parts(prefetched) == EXPECTED


def test_a_comment_holding_xxx_is_missing_too_and_recorded_progress_is_enough(unfinished):
    CarriedItem.objects.filter(assessment=unfinished, source=CarriedItem.Source.TARGET).update(
        comment="XXX check the figures."
    )
    CarriedItem.objects.filter(assessment=unfinished, source=CarriedItem.Source.AREA).update(progress="met")
    ResearchStep.objects.filter(assessment=unfinished).update(progress="not_met")
    assert missing_parts(unfinished) == [EXPECTED[1]]


def test_rows_of_one_source_are_listed_by_position_and_new_steps_need_no_progress(unfinished):
    CarriedItem.objects.filter(assessment=unfinished, source=CarriedItem.Source.AREA).update(
        progress="met", comment="TODO name the mentors."
    )
    CarriedItem.objects.create(
        assessment=unfinished, source=CarriedItem.Source.AREA, position=2, text="Transition.", progress=""
    )
    carried_step(unfinished, None)  # the project's own new step: no progress to record
    expected = [
        MissingPart("previous", "Area for development 1: the comment still holds TODO or XXX"),
        MissingPart("previous", "Area for development 2 from the previous visit: progress not recorded"),
        *EXPECTED[1:],
    ]
    assert missing_parts(unfinished) == expected
    prefetched = Assessment.objects.prefetch_related("carried_items", "research_steps").get(pk=unfinished.pk)
    assert missing_parts(prefetched) == expected
