"""What an assessment still lacks before it can be submitted.

Each missing part names the section of the editor where it is fixed, so the page that lists
them can link straight there. Text that still holds a TODO or XXX marker counts as missing.
"""

import dataclasses
import re
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Case, F, Prefetch, Q, TextField, Value, When, prefetch_related_objects

from assessments import parts
from assessments.editing import LIST_KINDS
from assessments.kinds import ReportStructure
from assessments.models import Assessment, Element, Finding, Quotation, Section, Statement, StatementKind
from prepared import Prepared

_PLACEHOLDER = re.compile(r"\b(TODO|XXX)\b")


@dataclasses.dataclass(frozen=True)
class MissingPart:
    """One thing the assessment lacks: where it is fixed (`section`, and the element number for
    element pages) and a sentence that says what is missing."""

    section: str
    label: str
    element_number: int | None = None


def has_placeholder(text: str) -> bool:
    """Whether the text still holds a TODO or XXX marker."""
    # The substring tests first: a tenth of the regular expression's cost, and most texts fail them.
    return ("TODO" in text or "XXX" in text) and bool(_PLACEHOLDER.search(text))


def _text_problem(text: str) -> str | None:
    if not text.strip():
        return "is empty"
    if has_placeholder(text):
        return "still holds TODO or XXX"
    return None


class StatementMark(NamedTuple):
    """What completeness reads of a list item: its finding, its kind, and its text only when it
    may hold a TODO or XXX marker ("" otherwise), for lists of many assessments (statement_marks)."""

    finding_id: int | None
    kind: str
    text: str


def _statement_marks(assessment_ids):
    marked = Q(text__contains="TODO") | Q(text__contains="XXX")
    return (
        Statement.objects.filter(assessment_id__in=assessment_ids)
        .annotate(marked_text=Case(When(marked, then=F("text")), default=Value(""), output_field=TextField()))
        .order_by()
        .values_list("assessment_id", "finding_id", "kind", "marked_text")
        .distinct()
    )


_STATEMENT_MARKS = Prepared(_statement_marks)


def statement_marks(assessment_ids) -> dict[int, list[StatementMark]]:
    """Each assessment's StatementMarks, in one query of small rows: the database tests the
    text for the markers' letters (`contains`, case-blind on SQLite: a superset) and sends the
    text of those items only, which has_placeholder then reads as it reads any text. Items
    that read the same (same finding and kind, no marker's letters) come back once: what
    completeness reads of a list is which kinds it holds and whether a text holds a marker,
    not how many items it has."""
    marks: dict[int, list[StatementMark]] = defaultdict(list)
    for assessment_id, finding_id, kind, text in _STATEMENT_MARKS(assessment_ids=list(assessment_ids)):
        marks[assessment_id].append(StatementMark(finding_id, kind, text))
    return marks


class FindingMark(NamedTuple):
    """What completeness reads of a finding, for lists of many assessments (drafts_completeness):
    its element, whether it says there are no significant areas, and its narrative only when the
    narrative may be empty or hold a TODO or XXX marker (WRITTEN otherwise)."""

    pk: int
    element_id: int
    narrative: str
    no_significant_areas: bool


class ElementMark(NamedTuple):
    """What completeness reads of a framework's element: its id, number and title."""

    pk: int
    number: int
    title: str


# A FindingMark's narrative when the database found the narrative to hold a letter or a digit and
# none of the markers' letters: a text in which _text_problem finds nothing, as in the narrative.
WRITTEN = "written"

# Texts that hold one of these cannot be empty once stripped (explicit letters: a bracketed range
# would depend on the collation in PostgreSQL's regular expressions).
_WRITTEN_CHARACTERS = "[abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789]"


def _doubtful(field: str) -> Q:
    """The text of `field` may be empty or hold a TODO or XXX marker (it holds no letter or
    digit, or the markers' letters)."""
    return (
        ~Q(**{f"{field}__regex": _WRITTEN_CHARACTERS})
        | Q(**{f"{field}__contains": "TODO"})
        | Q(**{f"{field}__contains": "XXX"})
    )


def text_mark(field: str, *, only: Q | None = None) -> Case:
    """The text of `field` where it may be empty or hold a TODO or XXX marker, WRITTEN otherwise:
    what _text_problem reads of it, as the database sends it (a text's mark). `only`: the rows
    whose text is looked at (WRITTEN for the others)."""
    doubtful = _doubtful(field) if only is None else only & _doubtful(field)
    return Case(When(doubtful, then=F(field)), default=Value(WRITTEN), output_field=TextField())


_ELEMENT_MARKS = Prepared(
    lambda framework_ids: (
        Element.objects.filter(framework_id__in=framework_ids)
        .order_by("framework_id", "number")
        .values_list("framework_id", "pk", "number", "title")
    )
)

_FINDING_MARKS = Prepared(
    lambda assessment_ids: (
        Finding.objects.filter(assessment_id__in=assessment_ids)
        .annotate(narrative_mark=text_mark("narrative"))
        .order_by()
        .values_list("assessment_id", "pk", "element_id", "narrative_mark", "no_significant_areas")
    )
)


@dataclasses.dataclass(frozen=True)
class DraftCompleteness:
    """What missing_parts says an assessment lacks, and how many of its elements are complete
    (element_is_complete), of how many (its framework's, though a themed report shows sections
    instead)."""

    missing: list
    elements_complete: int
    elements_total: int


def drafts_completeness(assessments) -> dict[int, DraftCompleteness]:
    """missing_parts' answer and the count of complete elements for each of a list of assessments
    (a page of the assessor's home), by assessment id, read in a fixed number of queries of small
    rows whatever their number and size: their frameworks' elements, their findings
    (FindingMarks: the database sends a narrative's text only when it may be empty or hold a
    marker), their list items (statement_marks), a themed report's sections (only if one is
    themed), and each registered part's missing parts (its `missing_many`, or its `missing` with
    its `prefetch`). `assessments`: Assessments, or the assessor's home's rows
    (workspace.HomeAssessment, whose texts are marks), each read as its own kind; a part
    without `missing_many` gets Assessments either way. The queries of small rows are prepared
    (prepared.Prepared), compiled once for each number of assessments."""
    assessments = list(assessments)
    if not assessments:
        return {}
    ids = [assessment.pk for assessment in assessments]
    elements: dict[int, list[ElementMark]] = defaultdict(list)
    for framework_id, *element in _ELEMENT_MARKS(framework_ids=sorted({a.framework_id for a in assessments})):
        elements[framework_id].append(ElementMark(*element))
    findings: dict[int, list[FindingMark]] = defaultdict(list)
    for assessment_id, *finding in _FINDING_MARKS(assessment_ids=ids):
        findings[assessment_id].append(FindingMark(*finding))
    marks = statement_marks(ids)
    sections: dict[int, list] = defaultdict(list)
    themed = [a.pk for a in assessments if a.report_structure == ReportStructure.THEMED]
    if themed:
        for section in (
            Section.objects.filter(assessment_id__in=themed)
            .order_by("assessment_id", "position")
            .prefetch_related(Prefetch("quotations", queryset=Quotation.objects.order_by("position")))
        ):
            sections[section.assessment_id].append(section)
    part_missing: dict[int, list[MissingPart]] = defaultdict(list)
    models = None  # the assessments as models, for a part without missing_many
    for part in parts.registered():
        if part.missing_many is not None:
            found = part.missing_many(assessments)
        elif part.missing is not None:
            if models is None:
                models = _as_models(assessments)
            prefetch_related_objects(models, *part.prefetch)
            found = {assessment.pk: part.missing(assessment) for assessment in models}
        else:
            continue
        for assessment_id, parts_missing in found.items():
            part_missing[assessment_id].extend(parts_missing)

    answers = {}
    for assessment in assessments:
        pk = assessment.pk
        statements = marks.get(pk, [])
        by_finding: dict = defaultdict(list)
        for statement in statements:
            by_finding[statement.finding_id].append(statement)
        its_findings = {finding.element_id: finding for finding in findings.get(pk, [])}
        its_elements = elements.get(assessment.framework_id, [])
        complete = 0
        for element in its_elements:
            finding = its_findings.get(element.pk)
            complete += element_is_complete(finding, by_finding.get(finding.pk, []) if finding else [])
        missing = missing_parts(
            assessment,
            statements=statements,
            findings=its_findings.values(),
            elements=its_elements,
            sections=sections.get(pk, []),
            part_missing=part_missing.get(pk, []),
        )
        answers[pk] = DraftCompleteness(missing, complete, len(its_elements))
    return answers


def _as_models(assessments: list) -> list[Assessment]:
    """The assessments as Assessment instances: these ones, or read (one query) for rows that
    are not (the assessor's home's, assessments.workspace.HomeAssessment)."""
    if all(isinstance(assessment, Assessment) for assessment in assessments):
        return assessments
    return list(Assessment.objects.filter(pk__in=[a.pk for a in assessments]).select_related("kind"))


def missing_parts(
    assessment: Assessment, *, statements=None, findings=None, elements=None, sections=None, part_missing=None
) -> list[MissingPart]:
    """Every part the assessment lacks, in the letter's order; an empty list when complete.
    `statements`: its list items if already read (Statements or StatementMarks); `findings`,
    `elements`, `sections` and `part_missing`: its findings (Findings or FindingMarks), its
    framework's elements (Elements or ElementMarks), a themed report's sections and what the
    registered parts find missing, if already read (drafts_completeness reads them for a list
    of assessments).

    Runs a fixed number of queries whatever the size of the assessment.
    """
    missing: list[MissingPart] = []

    def need_text(section: str, name: str, text: str) -> None:
        problem = _text_problem(text)
        if problem:
            missing.append(MissingPart(section, f"{name} {problem}"))

    if not assessment.visit_start or not assessment.visit_end:
        missing.append(MissingPart("details", "The visit dates are missing"))
    if not assessment.letter_date:
        missing.append(MissingPart("details", "The letter date is missing"))
    need_text("summary", "The summary", assessment.summary)
    need_text("context", "The context of the school", assessment.context)
    need_text("evidence", "The portfolio and other supporting evidence", assessment.evidence)

    if statements is None:
        statements = list(assessment.statements.all())
    for kind in LIST_KINDS.values():
        if kind.section is None:
            continue  # an element's list: checked with the element below
        for statement in statements:
            if statement.kind == kind.kind and has_placeholder(statement.text):
                missing.append(MissingPart(kind.section, f"A {kind.noun} still holds TODO or XXX"))
                break

    if not assessment.outcome:
        missing.append(MissingPart("outcome", "The outcome (successful: yes, no or deferred) is not chosen"))
    if not assessment.reassessment_years and assessment.outcome == "yes":
        missing.append(MissingPart("outcome", "The number of years to the next visit is missing"))
    need_text("outcome", "The recommendation", assessment.recommendation)

    if part_missing is None:
        part_missing = [found for hook in parts.with_hook("missing") for found in hook(assessment)]
    missing.extend(part_missing)

    if assessment.report_structure == ReportStructure.THEMED:
        missing.extend(_missing_sections(assessment, sections))
        return missing

    if findings is None:
        findings = assessment.findings.all()
    findings = {finding.element_id: finding for finding in findings}
    by_finding: dict[int, list] = {}
    for statement in statements:
        if statement.finding_id:
            by_finding.setdefault(statement.finding_id, []).append(statement)
    for element in assessment.framework.elements.all() if elements is None else elements:
        finding = findings.get(element.pk)
        where = f"Element {element.number} - {element.title}"
        if finding is None:
            missing.append(MissingPart("element", f"{where}: nothing entered yet", element.number))
            continue
        items = by_finding.get(finding.pk, [])
        strengths = [s for s in items if s.kind == StatementKind.STRENGTH]
        areas = [s for s in items if s.kind == StatementKind.AREA]
        problem = _text_problem(finding.narrative)
        if problem:
            missing.append(MissingPart("element", f"{where}: the narrative {problem}", element.number))
        if not strengths:
            missing.append(MissingPart("element", f"{where}: no strengths yet", element.number))
        if not areas and not finding.no_significant_areas:
            missing.append(
                MissingPart(
                    "element",
                    f"{where}: no areas for development, and not marked “no significant areas”",
                    element.number,
                )
            )
        if any(has_placeholder(s.text) for s in items):
            missing.append(
                MissingPart("element", f"{where}: a list item still holds TODO or XXX", element.number)
            )
    return missing


def _missing_sections(assessment: Assessment, sections=None) -> list[MissingPart]:
    """A themed report needs at least one section, each with a heading and a narrative; its
    quotations need text (the models insist) and no TODO or XXX. `sections`: its sections in
    order, their quotations prefetched, if already read."""
    if sections is None:
        from assessments.sections import sections_of

        sections = list(sections_of(assessment))
    if not sections:
        return [MissingPart("sections", "The report has no sections yet")]
    missing = []
    for section in sections:
        where = f"Section {section.position}" + (f" - {section.heading}" if section.heading.strip() else "")
        if _text_problem(section.heading):
            missing.append(MissingPart("sections", f"{where}: the heading {_text_problem(section.heading)}"))
        problem = _text_problem(section.narrative)
        if problem:
            missing.append(MissingPart("sections", f"{where}: the narrative {problem}"))
        if any(has_placeholder(q.text) for q in section.quotations.all()):
            missing.append(MissingPart("sections", f"{where}: a quotation still holds TODO or XXX"))
    return missing


def element_is_complete(finding, statements) -> bool:
    """Whether one element's finding is complete, given its statements."""
    if finding is None or _text_problem(finding.narrative):
        return False
    kinds = {s.kind for s in statements}
    if StatementKind.STRENGTH not in kinds:
        return False
    if StatementKind.AREA not in kinds and not finding.no_significant_areas:
        return False
    return not any(has_placeholder(s.text) for s in statements)
