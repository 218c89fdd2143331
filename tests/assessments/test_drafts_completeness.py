"""The assessor's home reads what its drafts lack from small rows (completeness.drafts_completeness:
marks of findings and list items, the parts' missing_many) in a fixed number of queries; it must
say exactly what the full rule (missing_parts, element_is_complete) says of each assessment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.completeness import DraftCompleteness, drafts_completeness, missing_parts
from assessments.kinds import ReportStructure, VisitKind
from assessments.models import (
    Assessment,
    Element,
    Finding,
    Framework,
    Quotation,
    Section,
    Statement,
    StatementKind,
)
from assessments.workspace import completeness
from continuity.models import CarriedItem, ResearchProject, ResearchStep, Target
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db


def first_findings(assessment, count: int) -> list[Finding]:
    return list(Finding.objects.filter(assessment=assessment).order_by("element__number")[:count])


def varied_assessments(school, lead) -> list[Assessment]:
    """Drafts that lack different things, or nothing."""
    made = []

    def add(assessment):
        made.append(assessment)
        return assessment

    add(AssessmentFactory(school=school, lead_assessor=lead))  # nothing written yet
    add(AssessmentFactory(school=school, lead_assessor=lead, visit_start=None, visit_end=None))
    add(fill_complete(AssessmentFactory(school=school, lead_assessor=lead)))  # complete

    narratives = add(fill_complete(AssessmentFactory(school=school, lead_assessor=lead)))
    one, two, three, four, five, six = first_findings(narratives, 6)
    for finding, narrative in (
        (one, "Still TODO: the outreach."),
        (two, "  \n\t "),  # only spaces: empty
        (three, ""),
        (four, "TODOS and todo are no markers."),
        (five, "\u00a0\u2003"),  # no-break and em spaces: empty too
        (six, "XXX"),
    ):
        finding.narrative = narrative
        finding.save()

    items = add(fill_complete(AssessmentFactory(school=school, lead_assessor=lead)))
    one, two, three, four = first_findings(items, 4)
    Statement.objects.filter(finding=one, kind=StatementKind.STRENGTH).update(text="A strength. TODO")
    Statement.objects.filter(finding=two, kind=StatementKind.AREA).delete()  # areas missing …
    Statement.objects.filter(finding=three, kind=StatementKind.AREA).delete()
    Finding.objects.filter(pk=three.pk).update(no_significant_areas=True)  # … or said to be none
    Statement.objects.filter(finding=four, kind=StatementKind.STRENGTH).delete()
    Statement.objects.filter(finding=four, kind=StatementKind.AREA).update(text="Pre-XXX-post is a marker")
    Statement.objects.filter(assessment=items, kind=StatementKind.KEY_SUCCESS).update(text="TODO")
    Statement.objects.filter(assessment=items, kind=StatementKind.MINOR_AREA).update(text="todo, xxx")
    Statement.objects.bulk_create(
        Statement(assessment=items, finding=one, kind=StatementKind.AREA, position=position, text=text)
        for position, text in ((2, "An area."), (3, "Another area."), (4, "An XXXL area."))
    )
    Finding.objects.filter(pk=first_findings(items, 6)[5].pk).delete()  # an element not begun

    texts = add(fill_complete(AssessmentFactory(school=school, lead_assessor=lead)))
    Assessment.objects.filter(pk=texts.pk).update(
        summary="XXX",
        context=" ",
        evidence="TODO later",
        recommendation="",
        outcome="yes",
        reassessment_years=None,
    )

    themed = add(
        fill_complete(
            AssessmentFactory(school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED)
        )
    )
    first = Section.objects.create(assessment=themed, position=1, heading="Leadership", narrative="TODO")
    Section.objects.create(assessment=themed, position=2, heading="Learning", narrative="")
    good = Section.objects.create(assessment=themed, position=3, heading="Care", narrative="Good.")
    Quotation.objects.create(assessment=themed, section=first, position=1, text="Fine words.")
    Quotation.objects.create(assessment=themed, section=good, position=1, text="XXX the quote")
    add(AssessmentFactory(school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED))

    # Continuity's parts: targets, a research project and what was carried from the last visit.
    review = add(
        fill_complete(AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_REVIEW))
    )
    Target.objects.filter(assessment=review).delete()
    project = ResearchProject.objects.get(assessment=review)
    previous = ResearchStep.objects.get(assessment=review)
    ResearchStep.objects.create(
        assessment=review, project=project, position=2, step="Carried.", carried_from=previous
    )
    CarriedItem.objects.create(
        assessment=review, source=CarriedItem.Source.AREA, position=2, text="Mentoring.", progress=""
    )
    CarriedItem.objects.create(
        assessment=review, source=CarriedItem.Source.AREA, position=1, text="Signs.", progress="met"
    )
    CarriedItem.objects.create(
        assessment=review,
        source=CarriedItem.Source.TARGET,
        position=1,
        text="Attendance.",
        progress="partly_met",
        comment="TODO ask.",
    )
    add(AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_REVIEW))  # no project
    add(fill_complete(AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.COE_REVIEW)))
    return made


def test_it_says_what_the_full_rule_says_of_every_assessment(school, lead):
    made = varied_assessments(school, lead)
    page = list(Assessment.objects.filter(pk__in=[a.pk for a in made]).select_related("kind__award_level"))
    found = drafts_completeness(page)
    said = set()
    for assessment in made:
        fresh = Assessment.objects.get(pk=assessment.pk)
        answer = found[assessment.pk]
        assert answer.missing == missing_parts(fresh), assessment
        full = completeness(fresh)
        assert (answer.elements_complete, answer.elements_total) == (
            full["elements_complete"],
            full["elements_total"],
        )
        said.update(part.label for part in answer.missing)
    # The assessments above do lack a variety of things (the comparison is not of empty lists).
    assert len(said) > 30
    assert found[made[2].pk].missing == []


def test_it_reads_a_fixed_number_of_queries(school, lead, django_assert_num_queries):
    made = varied_assessments(school, lead)
    page = list(Assessment.objects.filter(pk__in=[a.pk for a in made]).select_related("kind__award_level"))
    # Elements, findings, list items, themed sections and their quotations, continuity's rows.
    with django_assert_num_queries(6):
        drafts_completeness(page)
    not_themed = [a for a in page if a.report_structure != ReportStructure.THEMED]
    with django_assert_num_queries(4):
        drafts_completeness(not_themed)
    with django_assert_num_queries(0):
        assert drafts_completeness([]) == {}


def test_a_part_without_missing_many_is_asked_of_each_assessment(school, lead):
    from assessments import parts
    from assessments.completeness import MissingPart

    complete = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    remote = fill_complete(AssessmentFactory(school=school, lead_assessor=lead, remote=True))
    parts.register(
        parts.Part(
            key="tally",
            missing=lambda assessment: [MissingPart("tally", "The tally is not taken")] * assessment.remote,
        )
    )
    try:
        found = drafts_completeness([complete, remote])
        assert found[complete.pk].missing == missing_parts(complete) == []
        assert (
            found[remote.pk].missing
            == missing_parts(remote)
            == [MissingPart("tally", "The tally is not taken")]
        )
    finally:
        parts.unregister("tally")


def test_elements_and_sections_are_named_in_their_order_not_the_order_they_were_made(school, lead):
    """A framework whose elements were added out of number order, and a themed report whose
    sections were: the missing parts come in the letter's order, as missing_parts gives them."""
    framework = Framework.objects.create(name="Out of order", version="1")
    for number in (3, 1, 2):
        Element.objects.create(framework=framework, number=number, title=f"Element {number}")
    elements = AssessmentFactory(school=school, lead_assessor=lead, framework=framework)
    themed = AssessmentFactory(school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED)
    for position in (2, 3, 1):
        Section.objects.create(
            assessment=themed, position=position, heading=f"Theme {position}", narrative=""
        )

    found = drafts_completeness([elements, themed])

    assert [part.element_number for part in found[elements.pk].missing if part.section == "element"] == [
        1,
        2,
        3,
    ]
    assert found[elements.pk].missing == missing_parts(elements)
    assert [part.label for part in found[themed.pk].missing if part.section == "sections"] == [
        "Section 1 - Theme 1: the narrative is empty",
        "Section 2 - Theme 2: the narrative is empty",
        "Section 3 - Theme 3: the narrative is empty",
    ]
    assert found[themed.pk].missing == missing_parts(themed)


def test_a_framework_without_elements_has_none_complete_of_none(school, lead):
    empty = Framework.objects.create(name="Not yet written", version="1")
    assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead, framework=empty))

    found = drafts_completeness([assessment])

    assert found[assessment.pk] == DraftCompleteness([], 0, 0)
    assert missing_parts(assessment) == []


def test_an_element_with_a_narrative_and_no_list_items_is_not_complete(school, lead):
    assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    bare = first_findings(assessment, 1)[0]
    Statement.objects.filter(finding=bare).delete()

    answer = drafts_completeness([assessment])[assessment.pk]

    assert answer.elements_complete == answer.elements_total - 1
    number = bare.element.number
    assert [part.label.split(": ")[1] for part in answer.missing if part.element_number == number] == [
        "no strengths yet",
        "no areas for development, and not marked “no significant areas”",
    ]
    assert answer.missing == missing_parts(assessment)


def test_a_part_without_missing_many_is_read_with_its_prefetch(school, lead):
    """Its `prefetch` is read once for the page, not once for each assessment."""
    from assessments import parts
    from assessments.completeness import MissingPart

    parts.register(
        parts.Part(
            key="tally",
            missing=lambda assessment: (
                [MissingPart("tally", "A marker")]
                * any("TODO" in s.text for s in assessment.statements.all())
            ),
            prefetch=("statements",),
        )
    )
    try:
        counts = []
        for number in (1, 3):
            made = [
                fill_complete(AssessmentFactory(school=school, lead_assessor=lead)) for _ in range(number)
            ]
            page = list(
                Assessment.objects.filter(pk__in=[a.pk for a in made]).select_related("kind__award_level")
            )
            with CaptureQueriesContext(connection) as queries:
                drafts_completeness(page)
            counts.append(len(queries))
        assert counts[0] == counts[1]
    finally:
        parts.unregister("tally")


def test_it_says_the_same_of_the_assessor_homes_rows(school, lead, co_assessor):
    """The home's page reads its assessments as HomeAssessments — value tuples whose texts are
    marks the database works out (completeness.text_mark) — and drafts_completeness reads them
    as it reads the assessments themselves."""
    from assessments.workspace import HomeAssessment, assessor_page

    made = varied_assessments(school, lead)
    # Texts the marks must tell apart: marked, blank, empty, written, and markers' look-alikes.
    texts = made[0]
    Assessment.objects.filter(pk=texts.pk).update(
        summary="Fine words.", context="\u00a0", evidence="XXXL and TODOS", recommendation="A TODO."
    )
    for assessment in made[:3]:
        assessment.co_assessors.add(co_assessor)
    for user in (lead, co_assessor):
        rows = assessor_page(user, 1).object_list
        assert rows and all(isinstance(row, HomeAssessment) for row in rows)
        found = drafts_completeness(rows)
        assert set(found) == {row.pk for row in rows}
        for row in rows:
            fresh = Assessment.objects.get(pk=row.pk)
            assert found[row.pk] == drafts_completeness([fresh])[row.pk]
            assert found[row.pk].missing == missing_parts(fresh), fresh
    labels = {
        part.label
        for answer in drafts_completeness(assessor_page(lead, 1).object_list).values()
        for part in answer.missing
    }
    assert "The summary still holds TODO or XXX" in labels  # made[5]'s "XXX"
    assert "The context of the school is empty" in labels


def test_a_submitted_homes_row_has_its_texts_marked_written(school, lead):
    """The page's query looks at the texts of drafts only: a submitted assessment's, which the
    home never reads for what it lacks, come back as WRITTEN."""
    from assessments.completeness import WRITTEN
    from assessments.models import Status
    from assessments.workspace import assessor_page

    draft, submitted = (
        AssessmentFactory(school=school, lead_assessor=lead, summary="TODO") for _ in range(2)
    )
    Assessment.objects.filter(pk=submitted.pk).update(status=Status.SUBMITTED)
    rows = {row.pk: row for row in assessor_page(lead, 1).object_list}
    assert rows[draft.pk].summary == "TODO"
    assert rows[submitted.pk].summary == WRITTEN


def test_a_part_without_missing_many_is_asked_of_the_homes_rows_as_assessments(school, lead):
    """A part without missing_many gets Assessment instances (read in one query), even from the
    home's rows."""
    from assessments import parts
    from assessments.completeness import MissingPart
    from assessments.workspace import assessor_page

    complete = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    remote = fill_complete(AssessmentFactory(school=school, lead_assessor=lead, remote=True))
    seen = []

    def tally(assessment):
        seen.append(type(assessment))
        return [
            MissingPart("tally", f"The tally of {assessment.school.name} is not taken")
        ] * assessment.remote

    parts.register(parts.Part(key="tally", missing=tally))
    try:
        found = drafts_completeness(assessor_page(lead, 1).object_list)
        assert seen == [Assessment, Assessment]
        assert found[complete.pk].missing == []
        assert found[remote.pk].missing == [MissingPart("tally", f"The tally of {school.name} is not taken")]
    finally:
        parts.unregister("tally")


def test_a_part_without_missing_many_reads_the_homes_rows_kinds_with_them(school, lead):
    """The Assessments read for a part without missing_many come with their kind (a part asks
    it, as continuity's missing does): one query for the home's rows however many there are,
    not one more for each row's kind."""
    from assessments import parts
    from assessments.workspace import assessor_page

    def kind_noun(assessment):
        assert assessment.kind.name
        return []

    def queries_for(count: int) -> int:
        made = [fill_complete(AssessmentFactory(school=school, lead_assessor=lead)) for _ in range(count)]
        rows = [row for row in assessor_page(lead, 1).object_list if row.pk in {a.pk for a in made}]
        assert len(rows) == count
        with CaptureQueriesContext(connection) as queries:
            drafts_completeness(rows)
        Assessment.objects.filter(pk__in=[a.pk for a in made]).delete()
        return len(queries)

    parts.register(parts.Part(key="kind_noun", missing=kind_noun))
    try:
        assert queries_for(1) == queries_for(3)
    finally:
        parts.unregister("kind_noun")
