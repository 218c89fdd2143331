"""A school's visits compared element by element: what each confirmed visit found for each
element of the newest framework the school was assessed against, visits against another
framework read through the crosswalk (ElementMapping).

`school_comparison` runs a fixed number of queries, whatever the number of visits, elements
and list items.
"""

import dataclasses

from django.db.models import Count, Q

from assessments.models import (
    LONG_TEXT,
    Assessment,
    Element,
    ElementMapping,
    Finding,
    Framework,
    StatementKind,
    Status,
)


@dataclasses.dataclass
class Part:
    """What one visit found for one element of its own framework."""

    element: Element
    found: bool  # False: the visit has no finding for the element
    strengths: int = 0
    areas: int = 0
    first_line: str = ""


@dataclasses.dataclass
class Cell:
    """One visit's findings for one row: one part per element of the visit's framework that
    matches the row's element (several through the crosswalk, none where nothing maps)."""

    visit: Assessment
    parts: list[Part]
    through_crosswalk: bool


@dataclasses.dataclass
class Row:
    element: Element
    cells: list[Cell]


@dataclasses.dataclass
class Comparison:
    """The rows are the elements of `framework`; the columns `visits`, oldest first."""

    framework: Framework | None
    visits: list[Assessment]
    rows: list[Row]


def first_line(text: str) -> str:
    """The first line of a narrative that has any words on it, or ""."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def confirmed_visits(school) -> list[Assessment]:
    """The school's confirmed visits, oldest first; a corrected revision gives way to the
    revision that corrects it."""
    return list(
        Assessment.objects.filter(school=school, status=Status.CONFIRMED)
        .exclude(revisions__status=Status.CONFIRMED)
        .select_related("framework", "kind")
        .defer(*LONG_TEXT)
        .order_by("visit_start", "letter_date", "pk")
    )


def school_comparison(school) -> Comparison:
    """The school's confirmed visits side by side, one row per element of the framework of its
    newest visit (of the current framework when it has none)."""
    visits = confirmed_visits(school)
    framework = visits[-1].framework if visits else Framework.objects.filter(is_current=True).first()
    if framework is None:
        return Comparison(None, [], [])

    framework_ids = {framework.pk} | {visit.framework_id for visit in visits}
    elements = list(Element.objects.filter(framework_id__in=framework_ids).order_by("framework_id", "number"))
    by_id = {element.pk: element for element in elements}
    others = framework_ids - {framework.pk}

    # Matching elements of another framework, for each element of this one, through the
    # crosswalk read either way (from an older framework into this one, or from this one on).
    matches: dict[int, set[int]] = {}
    if others:
        links = ElementMapping.objects.filter(
            Q(from_element__framework_id__in=others, to_element__framework_id=framework.pk)
            | Q(from_element__framework_id=framework.pk, to_element__framework_id__in=others)
        ).values_list("from_element_id", "to_element_id")
        for from_id, to_id in links:
            if by_id[to_id].framework_id == framework.pk:
                matches.setdefault(to_id, set()).add(from_id)
            else:
                matches.setdefault(from_id, set()).add(to_id)

    findings = (
        Finding.objects.filter(assessment__in=[visit.pk for visit in visits])
        .order_by()
        .values("assessment_id", "element_id", "narrative")
        .annotate(
            strengths=Count("statements", filter=Q(statements__kind=StatementKind.STRENGTH)),
            areas=Count("statements", filter=Q(statements__kind=StatementKind.AREA)),
        )
    )
    found = {(row["assessment_id"], row["element_id"]): row for row in findings} if visits else {}

    def part(visit: Assessment, element: Element) -> Part:
        row = found.get((visit.pk, element.pk))
        if row is None:
            return Part(element, found=False)
        return Part(element, True, row["strengths"], row["areas"], first_line(row["narrative"]))

    rows = []
    for element in (e for e in elements if e.framework_id == framework.pk):
        cells = []
        for visit in visits:
            if visit.framework_id == framework.pk:
                cells.append(Cell(visit, [part(visit, element)], through_crosswalk=False))
                continue
            matched = sorted(
                (
                    by_id[pk]
                    for pk in matches.get(element.pk, ())
                    if by_id[pk].framework_id == visit.framework_id
                ),
                key=lambda e: e.number,
            )
            cells.append(Cell(visit, [part(visit, e) for e in matched], through_crosswalk=True))
        rows.append(Row(element, cells))
    return Comparison(framework, visits, rows)
