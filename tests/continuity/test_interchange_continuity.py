"""Format version 4 of the assessment document carries continuity between visits: the targets
for the coming year, the Flagship research project with its steps, and what was carried in from
the previous visit with its progress. They round-trip, every field is checked with its JSON path
(a bad document changes nothing), older documents import without them, and the demo Flagship
review holds them and prints them in its letter."""

import copy
import json

import pytest

from assessments import limits
from assessments.demo import FLAGSHIP_REVIEW_PATH
from assessments.interchange import ImportProblems, export_document, import_document, validate_document
from assessments.models import Assessment
from continuity.models import CarriedItem, ResearchProject, ResearchStep, Target
from reports import letter
from tests.factories import AssessorFactory, DirectorFactory

pytestmark = pytest.mark.django_db

AREA = {
    "source": "area",
    "text": "Make the marking policy consistent across key stages.",
    "lead": "",
    "by_when": "",
    "element_heading": "Element 3 - Curriculum",
    "progress": "partly_met",
    "comment": "Key Stage 2 has adopted it.",
}
MINOR = {
    "source": "minor_area",
    "text": "Refresh the inclusion noticeboard.",
    "lead": "",
    "by_when": "",
    "element_heading": "",
    "progress": "not_met",
    "comment": "",
}


@pytest.fixture
def people(db):
    AssessorFactory(email="roger.yates@iqm.example")
    DirectorFactory(email="joe.mccann@iqm.example")


@pytest.fixture
def doc(people):
    """The demo Flagship review as a draft (confirming issues a PDF, which these tests need not
    wait for), with an area and a minor area carried in besides last year's targets; carried
    items in the order export writes them (by source, then position)."""
    document = json.loads(FLAGSHIP_REVIEW_PATH.read_text(encoding="utf-8"))
    document.update(status="draft", confirmed_by=None, confirmed_at=None)
    document["carried"] = [dict(AREA), dict(MINOR), *document["carried"]]
    return document


def continuity_rows(assessment: Assessment) -> dict:
    fields = {
        Target: ["position", "text", "lead", "by_when"],
        ResearchProject: ["title"],
        ResearchStep: ["position", "step", "responsible", "timeline", "progress", "comment"],
        CarriedItem: [
            "source", "position", "text", "lead", "by_when", "element_heading", "progress", "comment",
        ],
    }  # fmt: skip
    return {
        model.__name__: list(
            model.objects.filter(assessment=assessment).order_by(*(["pk"])).values_list(*names)
        )
        for model, names in fields.items()
    }


def counts() -> tuple:
    return tuple(
        model.objects.count() for model in (Assessment, Target, ResearchProject, ResearchStep, CarriedItem)
    )


def problems_of(document) -> list[str]:
    with pytest.raises(ImportProblems) as refused:
        validate_document(document)
    return refused.value.problems


# The round trip ---------------------------------------------------------------------------


def test_every_new_part_round_trips(doc):
    first = import_document(doc)
    exported = export_document(first)
    assert exported == doc
    assert exported["format_version"] == 4
    assert list(exported)[-3:] == ["targets", "research_project", "carried"]

    second = import_document(copy.deepcopy(exported))
    assert second.pk != first.pk
    assert export_document(second) == exported
    assert continuity_rows(second) == continuity_rows(first)
    rows = continuity_rows(second)
    assert len(rows["Target"]) == 3
    assert len(rows["ResearchStep"]) == 4
    assert [(source, position) for source, position, *_ in rows["CarriedItem"]] == [
        ("area", 1), ("minor_area", 1), ("target", 1), ("target", 2), ("target", 3),
    ]  # fmt: skip
    # Nothing here was carried from a visit in this database: the links stay null.
    assert not CarriedItem.objects.filter(from_assessment__isnull=False).exists()
    assert not ResearchStep.objects.filter(carried_from__isnull=False).exists()


def test_a_document_without_a_project_or_rows_round_trips(doc):
    doc.update(targets=[], research_project=None, carried=[])
    assessment = import_document(doc)
    assert export_document(assessment) == doc
    assert not ResearchProject.objects.exists()


def test_carried_items_link_to_the_same_schools_earlier_confirmed_visit_only_by_exact_text(doc):
    earlier = copy.deepcopy(doc)
    earlier.update(visit_start="2025-03-11", visit_end="2025-03-11", letter_date="2025-03-20")
    earlier["targets"] = [
        {"text": t["text"], "lead": t["lead"], "by_when": t["by_when"]} for t in doc["carried"][2:4]
    ]
    earlier.update(
        status="confirmed", confirmed_by="joe.mccann@iqm.example", confirmed_at="2025-03-20T10:00:00+00:00"
    )
    earlier["carried"] = []
    previous = import_document(earlier)

    later = import_document(doc)
    items = list(CarriedItem.objects.filter(assessment=later).order_by("source", "position"))
    targets = list(previous.targets.order_by("position"))
    linked = [(item.from_assessment, item.from_target) for item in items if item.source == "target"]
    assert linked == [(previous, targets[0]), (previous, targets[1]), (None, None)]
    # The area and the minor area match nothing the earlier visit said.
    assert [item.from_statement for item in items if item.source != "target"] == [None, None]


# Older versions ---------------------------------------------------------------------------


def test_a_version_3_document_still_imports_with_no_continuity_rows(doc):
    old = copy.deepcopy(doc)
    old["format_version"] = 3
    del old["targets"], old["research_project"], old["carried"]
    assessment = import_document(old)
    assert counts()[1:] == (0, 0, 0, 0)
    exported = export_document(assessment)
    assert exported["format_version"] == 4
    assert (exported["targets"], exported["research_project"], exported["carried"]) == ([], None, [])


def test_a_version_3_document_with_version_4_fields_is_refused(doc):
    doc["format_version"] = 3
    problems = problems_of(doc)
    for key in ("targets", "research_project", "carried"):
        assert f"{key}: is not a field of this format" in problems


# Bad input --------------------------------------------------------------------------------


def _set(path):
    """A change that sets one value inside the document, addressed like the messages do."""

    def change(document, value):
        target = document
        *parents, last = path
        for key in parents:
            target = target[key]
        target[last] = value

    return change


BAD = [
    (
        ("research_project", "steps", 0, "progress"),
        "nearly",
        'research_project.steps[0].progress: "nearly" is not a progress state; it must be one of '
        '"met", "partly_met", "not_met", or "" while progress is not recorded yet',
    ),
    (
        ("carried", 2, "progress"),
        "nearly",
        'carried[2].progress: "nearly" is not a progress state; it must be one of "met", "partly_met", '
        '"not_met"',
    ),
    (("carried", 0, "progress"), None, "carried[0].progress: is not a string"),
    (("targets", 1, "text"), "   ", "targets[1].text: must be a non-empty string"),
    (("targets", 0, "text"), "", "targets[0].text: must be a non-empty string"),
    (
        ("research_project", "steps", 1, "step"),
        " \n ",
        "research_project.steps[1].step: must be a non-empty string",
    ),
    (("research_project", "title"), "  ", "research_project.title: must be a non-empty string"),
    (("carried", 3, "text"), "", "carried[3].text: must be a non-empty string"),
    (
        ("carried", 0, "source"),
        "goal",
        'carried[0].source: "goal" is not a source of a carried item; it must be one of "target", "area", '
        '"minor_area"',
    ),
    (("targets", 0, "text"), "x" * 5001, "targets[0].text: must be at most 5000 characters (it has 5001)"),
    (("targets", 0, "lead"), "x" * 301, "targets[0].lead: must be at most 300 characters (it has 301)"),
    (("targets", 2, "by_when"), "x" * 301, "targets[2].by_when: must be at most 300 characters"),
    (("research_project", "title"), "x" * 301, "research_project.title: must be at most 300 characters"),
    (
        ("research_project", "steps", 0, "step"),
        "x" * 5001,
        "research_project.steps[0].step: must be at most 5000",
    ),
    (
        ("research_project", "steps", 0, "responsible"),
        "x" * 301,
        "research_project.steps[0].responsible: must be",
    ),
    (
        ("research_project", "steps", 2, "comment"),
        "x" * 5001,
        "research_project.steps[2].comment: must be at most",
    ),
    (("carried", 0, "element_heading"), "x" * 301, "carried[0].element_heading: must be at most 300"),
    (("carried", 4, "comment"), "x" * 5001, "carried[4].comment: must be at most 5000 characters"),
    (("carried", 1, "text"), "x" * 5001, "carried[1].text: must be at most 5000 characters"),
    (("targets", 0, "owner"), "Mrs Smith", "targets[0].owner: is not a field of this format"),
    (("research_project", "steps"), "many", "research_project.steps: must be an array of steps"),
    (("targets",), {"text": "One"}, "targets: must be an array of targets"),
    (("carried",), None, "carried: must be an array of carried items"),
    (("research_project",), [], "research_project: must be an object"),
    (("targets", 0, "text"), "a\x00b", "targets[0].text: contains a NUL character"),
]


@pytest.mark.parametrize(
    ("path", "value", "problem"), BAD, ids=[problem.split(":")[0] for *_, problem in BAD]
)
def test_each_bad_field_is_named_and_nothing_changes(doc, path, value, problem):
    _set(path)(doc, value)
    before = counts()
    with pytest.raises(ImportProblems) as refused:
        import_document(doc)
    assert any(p.startswith(problem) for p in refused.value.problems), refused.value.problems
    assert counts() == before


def _too_many(document, key):
    if key == "targets":
        document["targets"] = [{"text": f"Target {n}", "lead": "", "by_when": ""} for n in range(51)]
    elif key == "steps":
        step = document["research_project"]["steps"][0]
        document["research_project"]["steps"] = [{**step, "step": f"Step {n}"} for n in range(51)]
    else:
        document["carried"] = [{**MINOR, "text": f"Minor area {n}"} for n in range(51)]


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("targets", "targets: must have at most 50 targets (it has 51)"),
        ("steps", "research_project.steps: must have at most 50 steps (it has 51)"),
        ("carried", "carried[50]: there may be at most 50 carried items of this source"),
    ],
)
def test_too_many_rows_are_refused_and_nothing_changes(doc, key, problem):
    _too_many(doc, key)
    before = counts()
    with pytest.raises(ImportProblems) as refused:
        import_document(doc)
    assert problem in refused.value.problems
    assert counts() == before


def test_carried_areas_may_number_fifty_for_each_element(doc):
    doc["carried"] = [
        {**AREA, "element_heading": f"Element {element}", "text": f"Area {n}"}
        for element in (1, 2)
        for n in range(limits.MAX_LIST_ITEMS)
    ]
    assert len(validate_document(doc)["carried"]) == 2 * limits.MAX_LIST_ITEMS


def test_the_new_text_counts_towards_the_assessments_total(doc):
    doc["targets"] = [{"text": "x" * 5000, "lead": "", "by_when": ""} for _ in range(limits.MAX_LIST_ITEMS)]
    before = counts()
    with pytest.raises(ImportProblems) as refused:
        import_document(doc)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith("$: the assessment holds 25")
    assert f"is {limits.MAX_TOTAL_LENGTH:,}" in refused.value.problems[0]
    assert counts() == before


@pytest.mark.parametrize(
    ("kind", "targets", "project", "problem"),
    [
        ("reassessment", True, False, 'targets: a visit of the kind "reassessment" (IQM reassessment) records no targets'),
        ("reassessment", False, True, 'research_project: a visit of the kind "reassessment" (IQM reassessment) records no research project'),
        ("coe_review", False, True, 'research_project: a visit of the kind "coe_review" (Centre of Excellence review) records no research project'),
    ],
)  # fmt: skip
def test_a_kind_that_records_none_refuses_targets_or_a_project(doc, kind, targets, project, problem):
    doc["kind"] = kind
    doc["report_structure"] = "themed"
    if not targets:
        doc["targets"] = []
    if not project:
        doc["research_project"] = None
    before = counts()
    with pytest.raises(ImportProblems) as refused:
        import_document(doc)
    assert any(p.startswith(problem) for p in refused.value.problems), refused.value.problems
    assert counts() == before


def test_a_centre_of_excellence_review_takes_targets_but_no_project(doc):
    doc["kind"] = "coe_review"
    doc["research_project"] = None
    assessment = import_document(doc)
    assert assessment.targets.count() == 3
    assert export_document(assessment)["targets"] == doc["targets"]


# The demo -----------------------------------------------------------------------------------


def test_the_demo_flagship_review_holds_its_project_targets_and_carried_targets_and_prints_them(demo):
    flagship = Assessment.objects.get(
        kind="flagship_review", school__name="Brookfield Primary School", status="confirmed"
    )
    assert flagship.is_confirmed
    project = ResearchProject.objects.get(assessment=flagship)
    steps = list(project.steps.order_by("position"))
    assert 3 <= len(steps) <= 4
    assert all(s.responsible and s.timeline and s.progress and s.comment for s in steps)
    targets = list(flagship.targets.order_by("position"))
    assert len(targets) == 3
    assert all(t.lead and t.by_when for t in targets)
    carried = list(flagship.carried_items.order_by("position"))
    assert 2 <= len(carried) <= 3
    assert {c.source for c in carried} == {"target"}
    assert all(c.progress and c.comment for c in carried)

    html = letter.render_html(letter.gather_context(flagship, draft=False))
    assert "Flagship research project" in html
    assert project.title.split(":")[0] in html
    for step in steps:
        assert step.step in html
    assert "Targets for the coming year" in html
    assert targets[0].text in html
    assert "Progress against last year's targets" in html
    assert "Progress: Met." in html
    assert "Progress: Partly met." in html
    assert html.index("Progress against last year's targets") < html.index("Targets for the coming year")
