"""An assessment's history, for the director: every change of state (Event rows) and every
edit (django-simple-history's records of the assessment, its findings and its list items),
newest first, each saying who, when and what changed — old → new.

Runs a fixed number of queries, whatever the length of the history.
"""

import dataclasses
import datetime
import difflib
import re
from typing import Any

from django.utils import timezone

from assessments.dates import plain_date
from assessments.models import Assessment, Event, Finding, Framework, Statement, StatementKind

# The fields whose edits the history shows. The status and its bookkeeping are told by the
# events; the optimistic-locking counter says nothing to a reader.
_ASSESSMENT_FIELDS = [
    "school", "framework", "kind", "visit_start", "visit_end", "letter_date", "lead_assessor",
    "summary", "recommendation", "outcome", "reassessment_years", "context", "evidence",
]  # fmt: skip
_FINDING_FIELDS = ["narrative", "no_significant_areas"]
_STATEMENT_FIELDS = ["text", "position"]
_WORDS = re.compile(r"(\s+)")
_CONTEXT_WORDS = 12


@dataclasses.dataclass
class Change:
    """One field that changed: its label, the old and new values as text, and for long text a
    word-by-word diff as (operation, text) pairs, operation one of "same", "removed", "added"."""

    label: str
    old: str
    new: str
    diff: list[tuple[str, str]] | None = None


@dataclasses.dataclass
class Entry:
    """One line of the history: a workflow event or an edit."""

    at: datetime.datetime
    who: Any
    kind: str  # "event" or "edit"
    title: str
    comment: str = ""
    changes: list[Change] = dataclasses.field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words removed and added between two texts, with a little unchanged context around
    each change and long unchanged stretches shortened to "…"."""
    a, b = _WORDS.split(old), _WORDS.split(new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            same = a[i1:i2]
            if len(same) > 4 * _CONTEXT_WORDS:
                head = "".join(same[: 2 * _CONTEXT_WORDS]) if parts else ""
                tail = "".join(same[-2 * _CONTEXT_WORDS :]) if i2 < len(a) else ""
                text = (head + " … " if head else "… ") + tail if tail else head + " …"
                parts.append(("same", text))
            else:
                parts.append(("same", "".join(same)))
            continue
        if i2 > i1:
            parts.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", "".join(b[j1:j2])))
    return parts


def _shown(field, value, names: dict) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{plain_date(timezone.localtime(value).date())}, {timezone.localtime(value):%H:%M}"
    if isinstance(value, datetime.date):
        return plain_date(value)
    if field.is_relation:
        return str(names.get((field.name, value), f"#{value}"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _changes(model, old, new, names: dict, fields: list[str]) -> list[Change]:
    changes = []
    for name in fields:
        field = model._meta.get_field(name)
        attname = field.attname
        before = getattr(old, attname) if old is not None else None
        after = getattr(new, attname) if new is not None else None
        if before == after or (before in (None, "") and after in (None, "")):
            continue
        if old is None and after is False:
            continue  # a new finding's unticked box says nothing
        label = str(field.verbose_name)
        label = label[0].upper() + label[1:]
        diff = None
        if isinstance(before, str) and isinstance(after, str) and before and after:
            diff = word_diff(before, after)
        changes.append(Change(label, _shown(field, before, names), _shown(field, after, names), diff))
    return changes


def _edits(records, model, fields: list[str], describe, names: dict, *, with_created=True) -> list[Entry]:
    """Entries for one model's history records, each compared with the record before it of
    the same object. Records that change none of `fields` are left out."""
    entries = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "-":
            entries.append(Entry(record.history_date, record.history_user, "edit", describe(record, "-")))
            continue
        if record.history_type == "+" and not with_created:
            continue
        # A new list item is its text; its position only matters when it moves.
        shown = [name for name in fields if name != "position"] if before is None else fields
        changes = _changes(model, before, record, names, shown)
        if not changes:
            continue
        how = "+" if before is None and record.history_type == "+" else "~"
        entries.append(
            Entry(record.history_date, record.history_user, "edit", describe(record, how), changes=changes)
        )
    return entries


def timeline(assessment: Assessment) -> list[Entry]:
    """The assessment's history, newest first."""
    from accounts.models import User

    events = list(assessment.events.select_related("by"))
    assessment_records = list(
        Assessment.history.filter(id=assessment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    finding_records = list(
        Finding.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    statement_records = list(
        Statement.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    from schools.models import School

    names: dict = {}
    for field, model, attname in (
        ("lead_assessor", User, "lead_assessor_id"),
        ("school", School, "school_id"),
        ("framework", Framework, "framework_id"),
    ):
        ids = {getattr(record, attname) for record in assessment_records}
        names.update({(field, obj.pk): obj for obj in model.objects.filter(pk__in=ids)})
    elements = {element.pk: element for element in assessment.framework.elements.all()}
    element_of_finding = {record.id: elements.get(record.element_id) for record in finding_records}

    def finding_title(record, how: str) -> str:
        element = elements.get(record.element_id)
        name = str(element) if element else "An element"
        return {"+": f"{name}: started", "~": f"{name}: edited", "-": f"{name}: removed"}[how]

    def statement_title(record, how: str) -> str:
        label = StatementKind(record.kind).label.lower()
        where = ""
        if record.finding_id:
            element = element_of_finding.get(record.finding_id)
            where = f" of Element {element.number}" if element else ""
        verb = {"+": "added", "~": "edited", "-": "removed"}[how]
        text = f": “{record.text[:80]}{'…' if len(record.text) > 80 else ''}”" if how == "-" else ""
        return f"{label[0].upper()}{label[1:]} {record.position}{where} {verb}{text}"

    entries = [
        Entry(
            event.at,
            event.by,
            "event",
            event.get_action_display(),
            comment=event.comment,
        )
        for event in events
    ]
    entries += _edits(
        assessment_records,
        Assessment,
        _ASSESSMENT_FIELDS,
        lambda record, how: "Details and letter edited",
        names,
        with_created=False,  # the event that created it (scheduled, imported, reopened) says so
    )
    entries += _edits(finding_records, Finding, _FINDING_FIELDS, finding_title, names)
    entries += _edits(statement_records, Statement, _STATEMENT_FIELDS, statement_title, names)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


__all__ = ["Change", "Entry", "Event", "timeline", "word_diff"]
