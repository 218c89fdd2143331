"""Continuity from visit to visit (issue 14, parts 3, 4 and 6): targets for the coming year,
the Flagship research project, and what the previous confirmed visit asked for carried into the
next with its progress; the services refuse bad input and change nothing, completeness asks for
progress on every carried item, and the letter prints it all."""

import datetime

import pytest

from assessments import services
from assessments.completeness import missing_parts
from assessments.editing import EditError, EditRefused, VersionConflict
from assessments.kinds import VisitKind
from assessments.models import Assessment, FrozenAssessmentError, Statement, StatementKind
from continuity import services as continuity
from continuity.models import CarriedItem, Progress, ResearchProject, ResearchStep, Target
from reports import letter
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import body_text

pytestmark = pytest.mark.django_db


def confirm(assessment, lead, director):
    assessment.reassessment_years = 1
    assessment.save()
    services.assessment_submit(assessment=assessment, by=lead)
    return services.assessment_confirm(assessment=assessment, by=director)


@pytest.fixture
def coe_review(school, lead, director):
    """A confirmed Centre of Excellence review that set two targets for the coming year."""
    review = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.COE_REVIEW)
    continuity.target_add(
        assessment=review, by=lead, text="Extend the nurture group.", lead="SENCo", by_when="July 2027"
    )
    continuity.target_add(assessment=review, by=lead, text="Train every TA in Makaton.", lead="Deputy head")
    return confirm(fill_complete(review), lead, director)


def next_review(previous, lead, director):
    """The next Centre of Excellence review of the same school, scheduled by the director."""
    return services.assessment_schedule(
        school=previous.school,
        framework=previous.framework,
        kind=VisitKind.COE_REVIEW,
        visit_start=datetime.date(2027, 11, 10),
        visit_end=datetime.date(2027, 11, 10),
        lead_assessor=lead,
        override_reason="The school's award is current; the test does not hold its history.",
        by=director,
    )


def carried(assessment, source):
    return list(CarriedItem.objects.filter(assessment=assessment, source=source).order_by("position"))


def test_scheduling_the_next_review_carries_targets_areas_and_minor_areas_as_copies(
    coe_review, lead, director
):
    review = next_review(coe_review, lead, director)
    assert review.previous_assessment == coe_review

    targets = carried(review, CarriedItem.Source.TARGET)
    assert [(t.text, t.lead, t.by_when) for t in targets] == [
        ("Extend the nurture group.", "SENCo", "July 2027"),
        ("Train every TA in Makaton.", "Deputy head", ""),
    ]
    assert {t.from_target.assessment_id for t in targets} == {coe_review.pk}

    areas = carried(review, CarriedItem.Source.AREA)
    source_areas = Statement.objects.filter(assessment=coe_review, kind=StatementKind.AREA)
    assert len(areas) == source_areas.count() == coe_review.framework.elements.count()
    assert areas[0].element_heading.startswith("Element 1 - ")
    assert {a.from_statement_id for a in areas} == set(source_areas.values_list("pk", flat=True))
    assert [m.text for m in carried(review, CarriedItem.Source.MINOR_AREA)] == ["Peer counselling."]
    assert all(item.progress == "" for item in CarriedItem.objects.filter(assessment=review))

    # The copies change; the confirmed source never does.
    continuity.progress_record(
        assessment=review,
        by=lead,
        item_id=targets[0].pk,
        progress="met",
        comment="Running since May.",
        version=1,
    )
    assert Target.objects.get(pk=targets[0].from_target_id).text == "Extend the nurture group."
    with pytest.raises(FrozenAssessmentError):
        Target.objects.filter(assessment=coe_review).update(text="Changed")


def test_a_first_visit_carries_nothing_and_carrying_twice_adds_nothing(
    coe_review, lead, director, other_school
):
    first = services.assessment_schedule(
        school=other_school,
        framework=coe_review.framework,
        kind=VisitKind.ASSESSMENT,
        visit_start=None,
        visit_end=None,
        lead_assessor=lead,
        by=director,
    )
    assert not CarriedItem.objects.filter(assessment=first).exists()
    review = next_review(coe_review, lead, director)
    count = CarriedItem.objects.filter(assessment=review).count()
    assert continuity.carry_forward(assessment=review) == 0
    assert CarriedItem.objects.filter(assessment=review).count() == count


def test_a_target_carried_from_another_school_is_refused(coe_review, lead, other_school):
    elsewhere = AssessmentFactory(school=other_school, lead_assessor=lead, kind=VisitKind.COE_REVIEW)
    with pytest.raises(EditRefused, match="another school"):
        continuity.carry_target(assessment=elsewhere, target=coe_review.targets.first())
    assert not CarriedItem.objects.filter(assessment=elsewhere).exists()


@pytest.mark.parametrize("state", ["nearly", "MET", " met", "done"])
def test_a_progress_state_that_does_not_exist_is_refused_and_nothing_changes(
    coe_review, lead, director, state
):
    review = next_review(coe_review, lead, director)
    item = carried(review, CarriedItem.Source.TARGET)[0]
    with pytest.raises(EditRefused, match="not a progress state: choose met, partly met or not met"):
        continuity.progress_record(
            assessment=review, by=lead, item_id=item.pk, progress=state, comment="x", version=1
        )
    item.refresh_from_db()
    assert (item.progress, item.comment, item.version) == ("", "", 1)


def test_a_stale_progress_is_refused_with_both_versions(coe_review, lead, director):
    review = next_review(coe_review, lead, director)
    item = carried(review, CarriedItem.Source.TARGET)[0]
    continuity.progress_record(
        assessment=review, by=lead, item_id=item.pk, progress="met", comment="Done.", version=1
    )
    with pytest.raises(VersionConflict) as conflict:
        continuity.progress_record(
            assessment=review, by=lead, item_id=item.pk, progress="not_met", comment="Not yet.", version=1
        )
    assert conflict.value.theirs == {"progress": "met", "comment": "Done."}
    item.refresh_from_db()
    assert item.progress == "met"


def test_completeness_asks_for_progress_on_every_carried_item(coe_review, lead, director):
    review = fill_complete(next_review(coe_review, lead, director))
    labels = [part.label for part in missing_parts(review) if part.section == "previous"]
    assert "Last year's target 1 from the previous visit: progress not recorded" in labels
    assert len(labels) == CarriedItem.objects.filter(assessment=review).count()
    for item in CarriedItem.objects.filter(assessment=review):
        continuity.progress_record(
            assessment=review,
            by=lead,
            item_id=item.pk,
            progress=Progress.PARTLY_MET,
            comment="",
            version=item.version,
        )
    assert missing_parts(review) == []
    services.assessment_submit(assessment=review, by=lead)


def test_the_next_review_prints_progress_against_last_years_targets_and_the_new_targets(
    coe_review, lead, director
):
    review = fill_complete(next_review(coe_review, lead, director))
    targets = carried(review, CarriedItem.Source.TARGET)
    states = iter(["met", "partly_met", "not_met"])
    for item in CarriedItem.objects.filter(assessment=review).order_by("source", "position"):
        continuity.progress_record(
            assessment=review, by=lead, item_id=item.pk, progress=next(states, "met"), comment="", version=1
        )
    continuity.progress_record(
        assessment=review,
        by=lead,
        item_id=targets[1].pk,
        progress="partly_met",
        comment="Half the team <b>trained</b>.",
        version=2,
    )
    continuity.target_add(
        assessment=review, by=lead, text="Open a sensory garden.", lead="Site manager", by_when="Spring 2028"
    )
    confirm(review, lead, director)

    html = letter.render_html(letter.gather_context(review, draft=False))
    assert (
        "Progress against last year&#x27;s targets" in html or "Progress against last year's targets" in html
    )
    assert "Half the team &lt;b&gt;trained&lt;/b&gt;." in html
    assert "Progress on issues identified from the previous IQM assessment" in html

    text = body_text(letter.render_pdf(review, draft=False))
    previous = text.index("Progress on issues identified from the previous IQM assessment")
    last_year = text.index("Progress against last year")
    coming = text.index("Targets for the coming year")
    assert previous < last_year < coming < text.rindex("Summary")
    assert "Train every TA in Makaton." in text[last_year:coming]
    assert "Progress: Partly met." in text[last_year:coming]
    assert "Open a sensory garden." in text[coming:]
    assert "Led by Site manager; by Spring 2028" in text[coming:]


def test_targets_are_added_edited_moved_and_deleted_and_refuse_bad_input(school, lead):
    review = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.COE_ASSESSMENT)
    first = continuity.target_add(assessment=review, by=lead, text="One.")
    second = continuity.target_add(assessment=review, by=lead, text="Two.", lead="Head")
    continuity.target_move(assessment=review, by=lead, target_id=second.pk, direction="up")
    assert list(review.targets.values_list("text", flat=True)) == ["Two.", "One."]
    continuity.target_edit(
        assessment=review, by=lead, target_id=first.pk, text="One!", lead="", by_when="2027", version=1
    )
    with pytest.raises(VersionConflict):
        continuity.target_edit(
            assessment=review, by=lead, target_id=first.pk, text="Old", lead="", by_when="", version=1
        )
    for text in ("", "   ", "\n\t"):
        with pytest.raises(EditRefused, match="empty or only spaces"):
            continuity.target_add(assessment=review, by=lead, text=text)
    with pytest.raises(EditRefused, match="characters long"):
        continuity.target_add(assessment=review, by=lead, text="Target", lead="x" * 301)
    deleted = continuity.target_delete(assessment=review, by=lead, target_id=second.pk, version=1)
    assert deleted == {"text": "Two.", "lead": "Head", "by_when": "", "position": 1}
    continuity.target_add(assessment=review, by=lead, text=deleted["text"], lead=deleted["lead"], position=1)
    assert list(review.targets.values_list("text", "position")) == [("Two.", 1), ("One!", 2)]


def test_a_kind_without_targets_or_a_project_refuses_them(draft, lead):
    assert not draft.kind.records_targets
    with pytest.raises(EditRefused, match="records no targets"):
        continuity.target_add(assessment=draft, by=lead, text="A target.")
    with pytest.raises(EditRefused, match="records no research project"):
        continuity.project_set(assessment=draft, by=lead, title="A project")
    assert not Target.objects.filter(assessment=draft).exists()
    assert not ResearchProject.objects.filter(assessment=draft).exists()


def test_only_its_assessors_change_continuity(coe_review, lead, other_assessor, director):
    review = next_review(coe_review, lead, director)
    item = carried(review, CarriedItem.Source.TARGET)[0]
    for person in (other_assessor, director):
        with pytest.raises(EditError, match="Only the assessors assigned"):
            continuity.progress_record(
                assessment=review, by=person, item_id=item.pk, progress="met", comment="", version=1
            )
        with pytest.raises(EditError, match="Only the assessors assigned"):
            continuity.target_add(assessment=review, by=person, text="A target.")
    item.refresh_from_db()
    assert item.progress == ""


@pytest.fixture
def flagship(school, lead, director):
    """A confirmed Flagship assessment with a research project of three steps."""
    visit = AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_ASSESSMENT)
    with pytest.raises(EditRefused, match="title first"):
        continuity.step_add(assessment=visit, by=lead, step="Read the literature.")
    continuity.project_set(assessment=visit, by=lead, title="Talk for writing across the school")
    for step, who, when in [
        ("Survey pupils' talk.", "English lead", "Autumn 2026"),
        ("Train staff.", "Deputy head", "Spring 2027"),
        ("Measure writing outcomes.", "Assessment lead", "Summer 2027"),
    ]:
        continuity.step_add(assessment=visit, by=lead, step=step, responsible=who, timeline=when)
    return confirm(fill_complete(visit), lead, director)


def test_the_research_project_is_carried_into_the_flagship_review_with_progress_per_step(
    flagship, lead, director
):
    review = services.assessment_schedule(
        school=flagship.school,
        framework=flagship.framework,
        kind=VisitKind.FLAGSHIP_REVIEW,
        visit_start=datetime.date(2027, 6, 1),
        visit_end=datetime.date(2027, 6, 1),
        lead_assessor=lead,
        override_reason="The test does not hold the school's award history.",
        report_structure="elements",
        by=director,
    )
    project = review.research_project
    assert project.title == "Talk for writing across the school"
    assert project.carried_from == flagship.research_project
    steps = list(project.steps.order_by("position"))
    assert [s.step for s in steps] == ["Survey pupils' talk.", "Train staff.", "Measure writing outcomes."]
    assert all(s.carried_from_id for s in steps)

    review = Assessment.objects.get(pk=review.pk)
    fill_complete(review)
    assert any(p.label == "Research project step 1: progress not recorded" for p in missing_parts(review))
    with pytest.raises(EditRefused, match="not a progress state"):
        continuity.step_edit(
            assessment=review, by=lead, step_id=steps[0].pk, step=steps[0].step, responsible="", timeline="",
            progress="nearly", comment="", version=1,
        )  # fmt: skip
    for step, state in zip(steps, ["met", "partly_met", "not_met"], strict=True):
        continuity.step_edit(
            assessment=review, by=lead, step_id=step.pk, step=step.step, responsible=step.responsible,
            timeline=step.timeline, progress=state, comment=f"Comment on {step.position}.", version=1,
        )  # fmt: skip
    for item in CarriedItem.objects.filter(assessment=review):
        continuity.progress_record(
            assessment=review, by=lead, item_id=item.pk, progress="met", comment="", version=1
        )
    assert missing_parts(review) == []
    confirm(review, lead, director)
    with pytest.raises(FrozenAssessmentError):
        ResearchStep.objects.filter(assessment=review).update(progress="")

    text = body_text(letter.render_pdf(review, draft=False))
    start = text.index("Flagship research project")
    assert "Talk for writing across the school" in text[start:]
    part = text[start : text.rindex("Summary")]
    assert (
        part.index("Survey pupils' talk.")
        < part.index("Train staff.")
        < part.index("Measure writing outcomes.")
    )
    assert "Progress: Partly met. Comment on 2." in part
    assert "Responsible: Deputy head; timeline: Spring 2027" in part


def test_the_demo_draft_opens_with_the_2010_letters_areas_for_development_carried_in(demo):
    draft = Assessment.objects.get(status="draft", school=demo.school)
    assert draft.previous_assessment == demo
    areas = carried(draft, CarriedItem.Source.AREA)
    expected = list(
        Statement.objects.filter(assessment=demo, kind=StatementKind.AREA)
        .order_by("finding__element__number", "position")
        .values_list("text", flat=True)
    )
    assert expected and [a.text for a in areas] == expected
    assert areas[0].element_heading == "Element 1 - Learner Progress"
    minors = Statement.objects.filter(assessment=demo, kind=StatementKind.MINOR_AREA).order_by("position")
    assert [m.text for m in carried(draft, CarriedItem.Source.MINOR_AREA)] == [m.text for m in minors]
    # Loading the demo again carries nothing twice.
    from django.core.management import call_command

    call_command("load_demo", password="demo-password", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(carried(draft, CarriedItem.Source.AREA)) == len(expected)
