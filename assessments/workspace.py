"""The editor's view of one assessment: every page of the letter in order, what each still
lacks (with a link to the page that fixes it), the elements and their lists — read in a fixed
number of queries, whatever the size of the assessment.
"""

import dataclasses
import functools
from collections import defaultdict
from typing import NamedTuple

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Case, Q, QuerySet, Value, When, prefetch_related_objects
from django.urls import reverse

from assessments import parts as registry
from assessments.completeness import drafts_completeness, element_is_complete, missing_parts, text_mark
from assessments.dates import plain_date_range
from assessments.editing import SECTIONS, is_correction
from assessments.kinds import AwardLevel, ReportStructure, VisitKind
from assessments.links import reversed_once
from assessments.models import Assessment, Element, Finding, Statement, StatementKind, Status
from prepared import Prepared

# The page of a themed report's sections (assessments.views.sections), after the letter's own.
THEMED_PAGE_KEY = "sections"
THEMED_PAGE_TITLE = "Themed sections"


@dataclasses.dataclass
class Page:
    """One page of the editor, for navigation and the overview."""

    key: str
    title: str
    url: str
    complete: bool
    missing: list
    element_number: int | None = None
    nav_label: str = ""
    # A page of a list with nothing in it: never marked done (an optional list is not "still
    # to do" either, so it is marked empty).
    empty: bool = False

    def __post_init__(self):
        self.nav_label = self.nav_label or self.title


@dataclasses.dataclass
class ElementRow:
    """One element of the framework with the assessment's finding and lists for it."""

    element: Element
    finding: object
    strengths: list
    areas: list
    complete: bool
    url: str


@dataclasses.dataclass
class Workspace:
    """An assessment as the editor shows it to one user (see workspace_for)."""

    assessment: Assessment
    assigned: bool
    editable: bool
    missing: list
    pages: list
    elements: list
    lists: dict  # (kind, element id or None) → items
    themed: bool = False  # a report of themed sections (assessments.sections), not by element
    sections: list = dataclasses.field(default_factory=list)  # a themed report's, in order
    # A submitted assessment whose letter this user may correct (editing.is_correction).
    correcting: bool = False

    @functools.cached_property
    def links(self) -> list[dict]:
        """The parts' links (assessments.parts.PartLink) with their addresses; worked out when
        a page shows them (the overview and the section pages), not for every page."""
        return [
            {
                "label": link.label,
                "url": reverse(link.url_name, args=[self.assessment.pk]),
                "section": link.section,
                "note": link.note,
            }
            for link in registry.links()
        ]

    @property
    def overview_links(self) -> list[dict]:
        """The parts' links for the overview."""
        return [link for link in self.links if not link["section"]]

    def page_index(self, key: str) -> int:
        return next(index for index, page in enumerate(self.pages) if page.key == key)


def part_url(assessment: Assessment, part) -> str:
    """The address of the page where a missing part (completeness.MissingPart) is fixed."""
    if part.section == "element":
        return reverse("assessment_element", args=[assessment.pk, part.element_number])
    if part.section == "sections":  # a themed report's sections: their own page
        return reverse("assessment_sections", args=[assessment.pk])
    if page := registry.page(part.section):  # a page a feature app registers
        return reverse(page.url_name, args=[assessment.pk])
    return reverse("assessment_section", args=[assessment.pk, part.section])


@dataclasses.dataclass(frozen=True)
class Missing:
    """A missing part (completeness.MissingPart) with the address of the page that fixes it."""

    label: str
    url: str
    section: str
    element_number: int | None

    @property
    def short(self) -> str:
        """The label without its "Element N - Title: " prefix, for the element's own page."""
        if self.element_number is None or ": " not in self.label:
            return self.label
        rest = self.label.split(": ", 1)[1]
        return rest[:1].upper() + rest[1:]


def linked(assessment: Assessment, parts) -> list[Missing]:
    """The missing parts, each with its page's address (part_url's; each page's reversed once,
    the element pages' pattern once for all)."""
    urls: dict = {}
    found = []
    for part in parts:
        key = (part.section, part.element_number)
        url = urls.get(key)
        if url is None:
            if part.section == "element":
                if "element" not in urls:
                    urls["element"] = reversed_once("assessment_element", assessment.pk)
                url = urls[key] = urls["element"](part.element_number)
            else:
                url = urls[key] = part_url(assessment, part)
        found.append(Missing(part.label, url, part.section, part.element_number))
    return found


def workspace_for(assessment: Assessment, user) -> Workspace:
    """Read the assessment's content in a fixed number of queries and work out what is done."""
    prefetch_related_objects([assessment], "framework__elements", "findings", "statements", "co_assessors")
    assigned = assessment.lead_assessor_id == user.pk or any(
        person.pk == user.pk for person in assessment.co_assessors.all()
    )
    statements = sorted(assessment.statements.all(), key=lambda s: (s.position, s.pk))
    elements = list(assessment.framework.elements.all())
    return _workspace(assessment, user, assigned, statements, list(assessment.findings.all()), elements)


class ListItem(NamedTuple):
    """A list item as the element page reads it (element_workspace): what completeness reads
    of it (its finding, kind and text) and what its list shows (its id, text and version)."""

    pk: int
    finding_id: int | None
    kind: str
    position: int
    version: int
    text: str


class FindingRow(NamedTuple):
    """A finding as the element page reads it (element_workspace): what completeness reads of
    it and what the page's form shows (its narrative, mark and version)."""

    pk: int
    element_id: int
    narrative: str
    no_significant_areas: bool
    version: int


# The element page's fixed reads, compiled once (prepared.Prepared): the framework's elements in
# number order, the assessment's findings, and its list items in order.
_ELEMENT_COLUMNS = ("id", "framework_id", "number", "title", "guidance")
_ELEMENTS = Prepared(
    lambda framework_id: (
        Element.objects.filter(framework_id=framework_id).order_by("number").values_list(*_ELEMENT_COLUMNS)
    )
)
_FINDINGS = Prepared(
    lambda assessment_id: (
        Finding.objects.filter(assessment_id=assessment_id).order_by().values_list(*FindingRow._fields)
    )
)
_LIST_ITEMS = Prepared(
    lambda assessment_id: (
        Statement.objects.filter(assessment_id=assessment_id)
        .order_by("position", "pk")
        .values_list(*ListItem._fields)
    )
)


def framework_elements(assessment: Assessment) -> list[Element]:
    """The assessment's framework's elements in number order, as the framework's prefetched
    `elements` (read once, in a prepared query, and kept there as prefetch_related keeps
    them, so every later `assessment.framework.elements.all()` reads no more)."""
    framework = assessment.framework
    cache = framework.__dict__.setdefault("_prefetched_objects_cache", {})
    if "elements" in cache:
        return list(cache["elements"])
    field = Element._meta.get_field("framework")
    elements = []
    for row in _ELEMENTS(framework_id=framework.pk):
        element = Element.from_db(framework._state.db, _ELEMENT_COLUMNS, row)
        field.set_cached_value(element, framework)
        elements.append(element)
    # What prefetch_related keeps: the related manager's own (filtered, lazily) queryset with
    # its rows in hand; a queryset made from it (filter, order_by) reads the database afresh.
    found = framework.elements.get_queryset()
    found._result_cache = elements
    found._prefetch_done = True
    cache["elements"] = found
    return elements


def element_workspace(assessment: Assessment, user) -> Workspace:
    """workspace_for, for the page of one element: the same pages, marks, missing parts and
    lists, with the findings read as FindingRows and the list items as ListItems (prepared
    queries of tuples, not model instances with every column) and the co-assessors read only
    when the user is not the lead. The element page shows one element's lists, and the
    navigation's marks of every page; an assessment of eighty items as models cost more than
    the rest of the page."""
    elements = framework_elements(assessment)
    findings = [FindingRow(*row) for row in _FINDINGS(assessment_id=assessment.pk)]
    assigned = assessment.is_assigned(user)
    items = [ListItem(*row) for row in _LIST_ITEMS(assessment_id=assessment.pk)]
    return _workspace(assessment, user, assigned, items, findings, elements)


def _workspace(
    assessment: Assessment, user, assigned: bool, statements: list, findings: list, framework: list
) -> Workspace:
    """The Workspace of an assessment, from its framework's elements (`framework`), its findings (Findings or
    FindingRows) and its list items in order (Statements or ListItems)."""
    missing = linked(
        assessment, missing_parts(assessment, statements=statements, findings=findings, elements=framework)
    )

    findings = {finding.element_id: finding for finding in findings}
    element_of_finding = {finding.pk: finding.element_id for finding in findings.values()}
    lists: dict = defaultdict(list)
    for statement in statements:
        lists[(statement.kind, element_of_finding.get(statement.finding_id))].append(statement)
    pages = []
    section_url = reversed_once("assessment_section", assessment.pk)
    for section in SECTIONS:
        parts = [part for part in missing if part.section == section.key]
        url = section_url(section.key)
        empty = section.list_kind is not None and not lists[(section.list_kind, None)]
        pages.append(Page(section.key, section.title, url, not parts and not empty, parts, empty=empty))
    elements = []
    themed = assessment.report_structure == ReportStructure.THEMED
    sections = []
    if themed:
        # The letter prints the sections instead of the elements: no element pages.
        from assessments.sections import sections_of

        sections = list(sections_of(assessment))
        parts = [part for part in missing if part.section == THEMED_PAGE_KEY]
        url = reverse("assessment_sections", args=[assessment.pk])
        pages.append(Page(THEMED_PAGE_KEY, THEMED_PAGE_TITLE, url, not parts, parts))
    element_url = reversed_once("assessment_element", assessment.pk)
    for element in framework if not themed else ():
        finding = findings.get(element.pk)
        strengths = lists[(StatementKind.STRENGTH, element.pk)]
        areas = lists[(StatementKind.AREA, element.pk)]
        url = element_url(element.number)
        complete = element_is_complete(finding, [*strengths, *areas])
        elements.append(ElementRow(element, finding, strengths, areas, complete, url))
        parts = [part for part in missing if part.element_number == element.number]
        pages.append(
            Page(
                f"element-{element.number}",
                str(element),
                url,
                complete,
                parts,
                element.number,
                f"{element.number}. {element.title}",
            )
        )
    for page in registry.pages():  # the feature apps' pages (continuity's), after the letter's own
        if page.applies(assessment):
            parts_missing = [part for part in missing if part.section == page.key]
            url = reverse(page.url_name, args=[assessment.pk])
            pages.append(Page(page.key, page.title, url, not parts_missing, parts_missing))
    # can_edit's rule, with `assigned` already known (no second query for the co-assessors).
    correcting = (
        assigned and user.is_assessor and not assessment.is_editable and is_correction(assessment, user)
    )
    editable = (assigned and user.is_assessor and assessment.is_editable) or correcting
    return Workspace(
        assessment=assessment,
        assigned=assigned,
        editable=editable,
        correcting=correcting,
        missing=missing,
        pages=pages,
        elements=elements,
        lists=lists,
        themed=themed,
        sections=sections,
    )


# The assessor's home -------------------------------------------------------------------------

_STATUS_ORDER = {Status.RETURNED: 0, Status.DRAFT: 1, Status.SUBMITTED: 2, Status.CONFIRMED: 3}


ASSESSOR_PAGE_SIZE = 20


def _in_home_order(assessments: QuerySet) -> QuerySet:
    order = Case(
        *(When(status=status, then=Value(rank)) for status, rank in _STATUS_ORDER.items()), default=Value(9)
    )
    return assessments.annotate(status_order=order).order_by("status_order", "-visit_start", "-pk")


def assessor_assessments(user) -> QuerySet:
    """The assessments the user (or the user's id) leads or assists on: returned first, then
    drafts, submitted and confirmed, the latest visit first within each."""
    return _in_home_order(Assessment.objects.assigned_to(user))


class HomeAssessment(NamedTuple):
    """An assessment as the assessor's home reads it (assessor_page): the columns its rows show,
    and what missing_parts and the parts' `missing_many` read of a draft — its texts as marks
    (completeness.text_mark: the text only where it may be empty or hold a TODO or XXX marker,
    completeness.WRITTEN otherwise), its kind a VisitKind of its name and award level's rank
    (the rest of it is read if asked for)."""

    pk: int
    status: str
    visit_start: object
    visit_end: object
    letter_date: object
    submitted_at: object
    lead_assessor_id: int
    framework_id: int
    report_structure: str
    previous_assessment_id: int | None
    remote: bool
    outcome: str
    reassessment_years: int | None
    summary: str
    context: str
    evidence: str
    recommendation: str
    return_comment: str
    school_name: str
    kind: VisitKind

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED


_MARKED = ("summary", "context", "evidence", "recommendation")
# Only a draft's texts are read (drafts_completeness): a submitted or confirmed one's are marked WRITTEN.
_BEING_WRITTEN = Q(status__in=[Status.DRAFT, Status.RETURNED])
_HOME_COLUMNS = (
    "pk",
    "status",
    "visit_start",
    "visit_end",
    "letter_date",
    "submitted_at",
    "lead_assessor_id",
    "framework_id",
    "report_structure",
    "previous_assessment_id",
    "remote",
    "outcome",
    "reassessment_years",
    *(f"{name}_mark" for name in _MARKED),
    "return_comment",
    "school__name",
    "kind__id",
    "kind__code",
    "kind__name",
    "kind__award_level_id",
    "kind__award_level__rank",
)


def _home_page(user_id, offset, limit):
    # The page's ids are picked first (a sort of the user's assessments' statuses and dates),
    # and only its rows are joined to their school and kind and have their texts marked:
    # PostgreSQL would otherwise work out every assessment's marks before the sort.
    shown = assessor_assessments(user_id).values("pk")[offset : None if limit is None else offset + limit]
    return _in_home_order(
        Assessment.objects.filter(pk__in=shown).annotate(
            **{f"{name}_mark": text_mark(name, only=_BEING_WRITTEN) for name in _MARKED}
        )
    ).values_list(*_HOME_COLUMNS)


_HOME_PAGE = Prepared(_home_page, shape=("offset", "limit"))
# How many assessments the user is assigned to: assigned_to's union counted by itself, without
# a join to the assessments it names.
_HOME_COUNT = Prepared(
    lambda user_id: (
        Assessment.objects.filter(lead_assessor_id=user_id)
        .order_by()
        .values_list("pk")
        .union(
            Assessment.co_assessors.through.objects.filter(user_id=user_id)
            .order_by()
            .values_list("assessment_id")
        )
    )
)


class _HomeAssessments:
    """assessor_assessments(user) as the Paginator reads it: its count and a slice of it as
    HomeAssessments, each a prepared query."""

    def __init__(self, user_id: int):
        self.user_id = user_id

    def count(self) -> int:
        return _HOME_COUNT.count(user_id=self.user_id)

    def __getitem__(self, window: slice) -> list[HomeAssessment]:
        """The assessments of a slice [start:stop] (or [start:], all from start)."""
        limit = None if window.stop is None else window.stop - window.start
        if limit == 0:  # no assessment assigned: the Paginator's page of none (no query, as Django runs none)
            return []
        rows = _HOME_PAGE(user_id=self.user_id, offset=window.start, limit=limit)
        kinds: dict = {}
        found = []
        for *columns, kind_id, code, name, level_id, rank in rows:
            kind = kinds.get(code)
            if kind is None:
                kind = kinds[code] = VisitKind.from_db(
                    None, ("id", "code", "name", "award_level_id"), (kind_id, code, name, level_id)
                )
                kind.award_level = AwardLevel.from_db(None, ("id", "rank"), (level_id, rank))
            found.append(HomeAssessment(*columns, kind))
        return found


# Only the ids of a page, for what depends on which assessments it shows (the page cache's
# topics for the assessor's home), not on their columns.
_HOME_IDS = Prepared(
    lambda user_id, offset, limit: assessor_assessments(user_id).values_list("pk", flat=True)[
        offset : None if limit is None else offset + limit
    ],
    shape=("offset", "limit"),
)


class _HomeIds(_HomeAssessments):
    """_HomeAssessments' count, and a slice of it as the assessments' ids only."""

    def __getitem__(self, window: slice) -> list[int]:
        limit = None if window.stop is None else window.stop - window.start
        if limit == 0:
            return []
        return _HOME_IDS(user_id=self.user_id, offset=window.start, limit=limit)


def assessor_page_ids(user, number) -> list[int]:
    """The ids of assessor_page's assessments, in its order, without reading their columns: two
    prepared queries, the count and the ids."""
    return list(Paginator(_HomeIds(user.pk), ASSESSOR_PAGE_SIZE).get_page(number).object_list)


def assessor_page(user, number) -> DjangoPage:
    """The page `number` (a page's number as the request gives it; the first, or the last,
    if it is not one) of the assessments the user leads or assists on, in assessor_assessments'
    order, as HomeAssessments: two prepared queries, the count and the page."""
    return Paginator(_HomeAssessments(user.pk), ASSESSOR_PAGE_SIZE).get_page(number)


def assessor_rows(user, assessments=None) -> list[dict]:
    """The assessments the user leads or assists on (or the given ones of them: a page of
    assessor_page's HomeAssessments) — returned first, then drafts, submitted
    and confirmed — each with the next thing to do, and for those still being written (draft or
    returned) their element completeness and what they lack (completeness.drafts_completeness:
    missing_parts' answer from small rows). Each row also holds what the assessor's home prints
    of it, ready to print (`editable`, `school`, `status`, `status_label`, `kind`, `dates`,
    `url`, `return_comment`).

    Submitted and confirmed assessments passed the completeness check when they were
    submitted and cannot change, so their text is not read at all.
    A fixed number of queries, however many assessments and items."""
    if assessments is None:
        assessments = _HomeAssessments(user.pk)[0:]
    assessments = list(assessments)
    found = drafts_completeness(assessment for assessment in assessments if assessment.is_editable)
    overview = reversed_once("assessment_overview")
    statuses = dict(Status.choices)
    rows = []
    for assessment in assessments:
        row = {
            "assessment": assessment,
            "is_lead": assessment.lead_assessor_id == user.pk,
            "missing": [],
            "editable": assessment.is_editable,
            "school": assessment.school_name,
            "status": assessment.status,
            "status_label": statuses.get(assessment.status, assessment.status),
            "kind": assessment.kind.name,
            "dates": plain_date_range(assessment.visit_start, assessment.visit_end)
            if assessment.visit_start
            else "visit dates not set",
            "url": overview(assessment.pk),
            "return_comment": assessment.return_comment,
        }
        answer = found.get(assessment.pk)
        if answer is not None:
            themed = assessment.report_structure == ReportStructure.THEMED
            row.update(
                elements_complete=answer.elements_complete,
                elements_total=answer.elements_total,
                themed=themed,
                missing=answer.missing,
            )
        row["next"] = next_step(assessment, row["missing"], overview=row["url"])
        rows.append(row)
    return rows


def completeness(assessment: Assessment, statements=None) -> dict:
    """How many of the assessment's elements are complete, of how many, and what it lacks;
    from its prefetched findings and framework elements, and its list items (`statements`:
    Statements or StatementMarks; its prefetched statements if not given)."""
    if statements is None:
        statements = list(assessment.statements.all())
    findings = {finding.element_id: finding for finding in assessment.findings.all()}
    by_finding: dict = defaultdict(list)
    for statement in statements:
        by_finding[statement.finding_id].append(statement)
    elements = list(assessment.framework.elements.all())
    complete = 0
    for element in elements:
        finding = findings.get(element.pk)
        complete += element_is_complete(finding, by_finding.get(finding.pk, []) if finding else [])
    return {
        "elements_complete": complete,
        "elements_total": len(elements),
        # A themed report has sections instead of elements (its missing parts name them).
        "themed": assessment.report_structure == ReportStructure.THEMED,
        "missing": missing_parts(assessment, statements=statements),
    }


def next_step(assessment: Assessment, missing: list, *, overview: str = "") -> dict:
    """The next thing to do on an assessment: a sentence, a link and the link's words.
    `overview`: the address of its overview, if already known."""
    overview = overview or reverse("assessment_overview", args=[assessment.pk])
    if assessment.status == Status.SUBMITTED:
        return {"text": "Waiting for a director to confirm it.", "url": overview, "link": "View it"}
    if assessment.status == Status.CONFIRMED:
        return {"text": "Confirmed; the report is issued.", "url": overview, "link": "View it"}
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        return {"text": f"Next: {first.label}{more}.", "url": part_url(assessment, first), "link": "Carry on"}
    return {
        "text": "Everything is in place.",
        "url": reverse("assessment_submit", args=[assessment.pk]),
        "link": "Submit for confirmation",
    }
