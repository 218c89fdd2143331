"""Where a reader's comment sits in the letter: the parts of an assessment that take comments,
their text now, and a comment's quoted words found again in that text.

A part is named by a key: "summary", "context", "evidence", "recommendation" (the assessment's
own paragraphs), "element:<number>" (an element's narrative), "section:<id>" (a themed
section's narrative) or "item:<id>" (one list item). A comment keeps the words it quoted and
their offsets when it was made; read again, it is put on the occurrence of those words nearest
to its old offset, so it stays on its words when text is added or removed around them. When the
words are no longer there, the text it was on has changed; when the part is gone (a list item or
section deleted), the comment is kept and shown as on a removed item.
"""

import dataclasses

from assessments.models import Assessment, Finding, Section, Statement, StatementKind

OWN_FIELDS = {
    "summary": "Summary",
    "context": "Context of the school",
    "evidence": "Portfolio and other supporting evidence",
    "recommendation": "Recommendation",
}
# The editor's page (assessments.editing.SECTIONS key) of each of the assessment's own fields.
OWN_FIELD_PAGES = {
    "summary": "summary",
    "context": "context",
    "evidence": "evidence",
    "recommendation": "outcome",
}
CONTEXT_CHARACTERS = 60

_LIST_PAGES = {StatementKind.KEY_SUCCESS: "key_successes", StatementKind.MINOR_AREA: "minor_areas"}
_LIST_LABELS = {
    StatementKind.KEY_SUCCESS: "Key area of success",
    StatementKind.MINOR_AREA: "Minor area for development",
    StatementKind.STRENGTH: "Strength",
    StatementKind.AREA: "Area for development",
}


@dataclasses.dataclass(frozen=True)
class Part:
    """One part of the letter that takes comments: its key, its label, its text now, the
    version an edit of it names (assessments.editing's optimistic locking) and the editor's page
    it is on (an editing.SECTIONS key, "section:<id>", or the element's number)."""

    key: str
    label: str
    text: str
    version: int = 0
    element_number: int | None = None
    page: str = ""


def _item_label(item: Statement) -> str:
    noun = _LIST_LABELS.get(item.kind, "List item")
    if item.finding_id:
        return f"Element {item.finding.element.number}: {noun.lower()} {item.position}"
    return f"{noun} {item.position}"


def parts_of(assessment: Assessment) -> list[Part]:
    """Every part of the assessment's letter that takes comments, in letter order (four
    queries)."""
    found = [
        Part(name, label, getattr(assessment, name) or "", assessment.version, page=OWN_FIELD_PAGES[name])
        for name, label in OWN_FIELDS.items()
    ]
    items = list(
        Statement.objects.filter(assessment=assessment)
        .select_related("finding__element")
        .order_by("finding__element__number", "kind", "position", "pk")
    )
    own_items = [item for item in items if not item.finding_id]
    found += [
        Part(
            f"item:{item.pk}", _item_label(item), item.text, item.version, page=_LIST_PAGES.get(item.kind, "")
        )
        for item in sorted(own_items, key=lambda i: (i.kind != StatementKind.KEY_SUCCESS, i.position))
    ]
    for section in Section.objects.filter(assessment=assessment).order_by("position", "pk"):
        found.append(
            Part(
                f"section:{section.pk}",
                f"Section: {section.heading}",
                section.narrative,
                section.version,
                page=f"section:{section.pk}",
            )
        )
    findings = (
        Finding.objects.filter(assessment=assessment).select_related("element").order_by("element__number")
    )
    for finding in findings:
        number = finding.element.number
        found.append(
            Part(
                f"element:{number}",
                f"Element {number} - {finding.element.title}",
                finding.narrative,
                finding.version,
                number,
            )
        )
        found += [
            Part(f"item:{item.pk}", _item_label(item), item.text, item.version, number)
            for item in items
            if item.finding_id == finding.pk
        ]
    return found


def part_of(assessment: Assessment, key: str) -> Part | None:
    """The part with this key as it is now, or None when there is no such part (any more)."""
    kind, _, ident = key.partition(":")
    if key in OWN_FIELDS:
        return Part(
            key,
            OWN_FIELDS[key],
            getattr(assessment, key) or "",
            assessment.version,
            page=OWN_FIELD_PAGES[key],
        )
    if not ident.isdigit():
        return None
    if kind == "element":
        finding = (
            Finding.objects.filter(assessment=assessment, element__number=int(ident))
            .select_related("element")
            .first()
        )
        if finding is None:
            return None
        number = finding.element.number
        return Part(
            key, f"Element {number} - {finding.element.title}", finding.narrative, finding.version, number
        )
    if kind == "section":
        section = Section.objects.filter(assessment=assessment, pk=int(ident)).first()
        if section is None:
            return None
        return Part(key, f"Section: {section.heading}", section.narrative, section.version, page=key)
    if kind == "item":
        item = (
            Statement.objects.filter(assessment=assessment, pk=int(ident))
            .select_related("finding__element")
            .first()
        )
        if item is None:
            return None
        number = item.finding.element.number if item.finding_id else None
        page = "" if item.finding_id else _LIST_PAGES.get(item.kind, "")
        return Part(key, _item_label(item), item.text, item.version, number, page)
    return None


@dataclasses.dataclass(frozen=True)
class Anchor:
    """Where a comment is in its part's text now.

    state: "part" (on the whole part), "found" (its words at start:end), "changed" (its words
    are no longer in the text) or "removed" (the part itself is gone)."""

    state: str
    start: int = 0
    end: int = 0
    text: str = ""

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - CONTEXT_CHARACTERS) : self.start]

    @property
    def words(self) -> str:
        return self.text[self.start : self.end]

    @property
    def after(self) -> str:
        return self.text[self.end : self.end + CONTEXT_CHARACTERS]


def locate(quote: str, old_start: int, text: str | None) -> Anchor:
    """The quoted words found again in `text` (None: the part is gone): the occurrence nearest
    to where they were."""
    if text is None:
        return Anchor("removed")
    if not quote:
        return Anchor("part", text=text)
    places = []
    at = text.find(quote)
    while at != -1:
        places.append(at)
        at = text.find(quote, at + 1)
    if not places:
        return Anchor("changed", text=text)
    start = min(places, key=lambda place: (abs(place - old_start), place))
    return Anchor("found", start, start + len(quote), text)


def span_problem(text: str, start: int, end: int) -> str:
    """Why these offsets do not name a span of the text ("" when they do)."""
    if start < 0 or end > len(text) or start >= end:
        return (
            f"The words chosen are outside the text: it has {len(text):,} characters, and the span "
            f"asked for runs from {start:,} to {end:,}. Nothing was saved; choose the words again."
        )
    return ""
