"""What an assessment still lacks before it can be submitted.

Each missing part names the section of the editor where it is fixed, so the page that lists
them can link straight there. Text that still holds a TODO or XXX marker counts as missing.
"""

import dataclasses
import re
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Case, F, Q, TextField, Value, When

from assessments import parts
from assessments.editing import LIST_KINDS
from assessments.kinds import ReportStructure
from assessments.models import Assessment, Statement, StatementKind

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


def statement_marks(assessment_ids) -> dict[int, list[StatementMark]]:
    """Each assessment's StatementMarks, in one query of small rows: the database tests the
    text for the markers' letters (`contains`, case-blind on SQLite: a superset) and sends the
    text of those items only, which has_placeholder then reads as it reads any text."""
    marked = Q(text__contains="TODO") | Q(text__contains="XXX")
    rows = (
        Statement.objects.filter(assessment_id__in=list(assessment_ids))
        .annotate(marked_text=Case(When(marked, then=F("text")), default=Value(""), output_field=TextField()))
        .order_by()
        .values_list("assessment_id", "finding_id", "kind", "marked_text")
    )
    marks: dict[int, list[StatementMark]] = defaultdict(list)
    for assessment_id, finding_id, kind, text in rows:
        marks[assessment_id].append(StatementMark(finding_id, kind, text))
    return marks


def missing_parts(assessment: Assessment, *, statements=None, findings=None) -> list[MissingPart]:
    """Every part the assessment lacks, in the letter's order; an empty list when complete.
    `statements`: its list items if already read (Statements or StatementMarks); `findings`:
    its findings if already read (its prefetched findings otherwise).

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

    for part_missing in parts.with_hook("missing"):
        missing.extend(part_missing(assessment))

    if assessment.report_structure == ReportStructure.THEMED:
        missing.extend(_missing_sections(assessment))
        return missing

    if findings is None:
        findings = assessment.findings.all()
    findings = {finding.element_id: finding for finding in findings}
    by_finding: dict[int, list] = {}
    for statement in statements:
        if statement.finding_id:
            by_finding.setdefault(statement.finding_id, []).append(statement)
    for element in assessment.framework.elements.all():
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


def _missing_sections(assessment: Assessment) -> list[MissingPart]:
    """A themed report needs at least one section, each with a heading and a narrative; its
    quotations need text (the models insist) and no TODO or XXX."""
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
