"""Edits to an assessment's content: its sections, its element findings and its lists.

Every service here runs in one transaction, locks the assessment row first (so an edit cannot
slip in while the assessment is being submitted, and two edits of one list cannot interleave),
refuses an assessment its assessors may not change now, and raises an EditError subclass with
a message written for the assessor. Views catch these; they never decide anything themselves.

Optimistic locking. Every edit names the version it started from: Assessment.version for the
assessment's own sections, Finding.version for an element's narrative and "no significant areas"
mark, Statement.version for one list item (so two co-assessors can edit different items of the
same list at once). When the stored version is newer, the edit is merged field by field against
the text at the version it started from, read from the history table:

- a field only the editor changed takes the editor's value;
- a field only the other person changed keeps the other person's value;
- a field both changed, to different values, is a conflict: the edit is refused with
  VersionConflict, which carries both texts so the page can show them side by side.

Nothing is ever overwritten silently. If the starting version is not in the history, any field
that differs from the stored value counts as a conflict.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import Case, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce, Length

from assessments import limits, parts
from assessments.models import (
    FINDING_KINDS,
    Assessment,
    Element,
    Finding,
    Quotation,
    Section,
    Statement,
    StatementKind,
    Status,
)

# The longest text one field accepts, in characters, and one list item (assessments.limits,
# where the other limits of an assessment are too). The request body limit
# (DATA_UPLOAD_MAX_MEMORY_SIZE, 5 MB) is above these even for four-byte characters
# percent-encoded by a plain form post (12 bytes each).
MAX_TEXT_LENGTH = limits.MAX_FIELD_LENGTH
MAX_ITEM_LENGTH = limits.MAX_ITEM_LENGTH


@dataclasses.dataclass(frozen=True)
class LetterSection:
    """One page of the editor for the assessment's own content, in letter order."""

    key: str
    title: str
    fields: tuple[str, ...] = ()
    list_kind: str | None = None


SECTIONS = (
    LetterSection("details", "Letter and visit details", ("visit_start", "visit_end", "letter_date")),
    LetterSection("summary", "Summary", ("summary",)),
    LetterSection("context", "Context of the school", ("context",)),
    LetterSection("evidence", "Portfolio and other supporting evidence", ("evidence",)),
    LetterSection("key_successes", "Key areas of success", list_kind=StatementKind.KEY_SUCCESS),
    LetterSection("minor_areas", "Minor areas for development", list_kind=StatementKind.MINOR_AREA),
    LetterSection(
        "outcome", "Outcome and recommendation", ("outcome", "reassessment_years", "recommendation")
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
FINDING_FIELDS = ("narrative", "no_significant_areas")


@dataclasses.dataclass(frozen=True)
class LetterList:
    """One of the letter's four ordered lists (StatementKind) as the editor shows it."""

    kind: str
    title: str  # the list's heading
    section: str | None = None  # the SECTIONS key of its page; None: on each element's page

    @property
    def noun(self) -> str:
        """One item of the list as a sentence names it, "key area of success": StatementKind's label."""
        return StatementKind(self.kind).label.lower()


# Every list, by kind. The assessment's own lists have a page each, so their heading and page
# come from SECTIONS; an element's two lists are on the element's page.
LIST_KINDS = {
    **{
        section.list_kind: LetterList(section.list_kind, section.title, section.key)
        for section in SECTIONS
        if section.list_kind
    },
    StatementKind.STRENGTH: LetterList(StatementKind.STRENGTH, "Strengths"),
    StatementKind.AREA: LetterList(StatementKind.AREA, "Areas for development"),
}


class EditError(Exception):
    """An edit that was not made; str(error) says why, in words for the assessor."""


class ReadOnlyError(EditError):
    """The assessment cannot be changed now (submitted, confirmed, or not the user's)."""


class ItemGone(EditError):
    """The list item was deleted by someone else."""


class EditRefused(EditError):
    """The edit would break a rule of the letter (for example areas beside "no significant areas")."""


class VersionConflict(EditError):
    """Someone saved a newer version of the same text; nothing was written.

    `yours` and `theirs` map each conflicting field to the editor's value and the stored one;
    `version` is the stored version, which a merged edit should name next time.
    """

    def __init__(
        self,
        *,
        fields: list[str],
        yours: dict,
        theirs: dict,
        version: int,
        changed_by=None,
        changed_at: datetime.datetime | None = None,
    ):
        self.fields = fields
        self.yours = yours
        self.theirs = theirs
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = f" by {changed_by}" if changed_by else ""
        super().__init__(
            f"Someone else saved a newer version{who} while you were editing. Nothing of yours was "
            "saved: compare the two texts, merge them, and save again."
        )


# Helpers ------------------------------------------------------------------------------------


def is_correction(assessment: Assessment, user) -> bool:
    """Whether the user may correct the letter of this submitted assessment, which its
    assessors cannot otherwise change: a registered part allows it (assessments.parts'
    `allows_correction`; factcheck: the lead assessor while the school's check is open)."""
    if assessment.status != Status.SUBMITTED or not user.is_authenticated:
        return False
    return any(allows(assessment, user) for allows in parts.with_hook("allows_correction"))


def can_edit(assessment: Assessment, user) -> bool:
    """Whether the user may change the assessment's content now: one of its assigned
    assessors, while it is a draft or returned, or while a part allows a correction
    (is_correction). The editor's pages show their forms by this rule; lock_for_edit holds
    every editing service to it."""
    if not (user.is_authenticated and user.is_assessor and assessment.is_assigned(user)):
        return False
    return assessment.is_editable or is_correction(assessment, user)


def lock_for_edit(assessment: Assessment, by) -> Assessment:
    # Lock the row: edits and submission of one assessment happen one at a time.
    locked = (
        Assessment.objects.select_for_update().select_related("framework").filter(pk=assessment.pk).first()
    )
    if locked is None or not (by.is_assessor and locked.is_assigned(by)):
        raise ReadOnlyError("Only the assessors assigned to this assessment can change it.")
    if locked.is_editable:
        return locked
    if not is_correction(locked, by):
        raise ReadOnlyError(read_only_reason(locked) + " Nothing was changed.")
    # A correction of a submitted letter moves the assessment's version on, whichever part it
    # changes, so a director who read the letter before it cannot confirm it unread
    # (assessment_confirm's seen_version). The history keeps who and when, and the edit's own
    # record what changed.
    locked.corrected_from = locked.version
    locked.version += 1
    locked._history_user = by
    locked.save(update_fields=["version", "updated_at"])
    return locked


def read_only_reason(assessment: Assessment) -> str:
    """Why the assessment's assessors cannot change it now, as a sentence."""
    if assessment.status == Status.SUBMITTED:
        return (
            "This assessment has been submitted for confirmation, so it is read-only until a "
            "director returns it."
        )
    if assessment.status == Status.CONFIRMED:
        return "This assessment is confirmed and its report issued; it can no longer be changed."
    return "This assessment cannot be changed now."


def check_text(text: str, *, limit: int, name: str = "The text") -> None:
    # The forms say this first; the services refuse it too, whoever calls them.
    if "\x00" in text:
        raise EditRefused(f"{name} contains a NUL character, which cannot be stored. Nothing was saved.")
    if len(text) > limit:
        raise EditRefused(f"{name} is {len(text):,} characters long; the most allowed is {limit:,}.")


def assessment_text_length(assessment_id: int) -> int:
    """All the text of the assessment, in characters: its own fields, its narratives, its
    list items, a themed report's sections and quotations (five queries) and the text of the
    parts the feature apps register (assessments.parts)."""
    own = (
        Assessment.objects.filter(pk=assessment_id)
        .annotate(n=Length("summary") + Length("recommendation") + Length("context") + Length("evidence"))
        .values_list("n", flat=True)
        .first()
    )
    narratives = Finding.objects.filter(assessment_id=assessment_id).aggregate(
        n=Coalesce(Sum(Length("narrative")), 0)
    )["n"]
    items = Statement.objects.filter(assessment_id=assessment_id).aggregate(
        n=Coalesce(Sum(Length("text")), 0)
    )["n"]
    return (
        (own or 0)
        + narratives
        + items
        + themed_text_length(assessment_id)
        + sum(length(assessment_id) for length in parts.with_hook("text_length"))
    )


def themed_text_length(assessment_id: int) -> int:
    """The text of a themed report's sections (headings and narratives) and quotations (text
    and attribution), in characters (two queries; 0 for a report without sections)."""
    sections = Section.objects.filter(assessment_id=assessment_id).aggregate(
        n=Coalesce(Sum(Length("heading") + Length("narrative")), 0)
    )["n"]
    quotations = Quotation.objects.filter(assessment_id=assessment_id).aggregate(
        n=Coalesce(Sum(Length("text") + Length("attribution")), 0)
    )["n"]
    return sections + quotations


def refuse_if_too_big(assessment_id: int) -> None:
    # Checked after the write, inside the service's transaction: raising undoes the write.
    total = assessment_text_length(assessment_id)
    if total > limits.MAX_TOTAL_LENGTH:
        raise EditRefused(
            f"With this change the assessment would hold {total:,} characters of text; the most "
            f"one assessment may hold is {limits.MAX_TOTAL_LENGTH:,}. Nothing was saved: shorten "
            "this text or another one, then save again."
        )


def _values_at(obj, version: int, fields) -> dict | None:
    """The fields as they were when `obj` had `version`, from its history; None if unknown."""
    if version <= 0:
        return None
    record = obj.history.filter(version=version).order_by("-history_date", "-history_id").first()
    if record is None:
        return None
    return {name: getattr(record, name) for name in fields}


def _latest_change(obj) -> tuple:
    record = obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


def _merge(obj, *, base_version: int, values: dict, base: dict | None = None) -> dict:
    """The values to write, merged three ways against `base_version`; raises VersionConflict.

    `base` gives the starting values directly (for an object that did not exist yet).
    """
    if base_version == obj.version:
        return dict(values)
    if base is None:
        base = _values_at(obj, base_version, values)
    merged, conflicts = {}, []
    for name, mine in values.items():
        theirs = getattr(obj, name)
        if mine == theirs:
            merged[name] = mine
        elif base is not None and base[name] == theirs:
            merged[name] = mine  # only this editor changed it
        elif base is not None and base[name] == mine:
            merged[name] = theirs  # only the other person changed it: keep their change
        else:
            conflicts.append(name)
    if conflicts:
        changed_by, changed_at = _latest_change(obj)
        raise VersionConflict(
            fields=conflicts,
            yours={name: values[name] for name in conflicts},
            theirs={name: getattr(obj, name) for name in conflicts},
            version=obj.version,
            changed_by=changed_by,
            changed_at=changed_at,
        )
    return merged


def _apply(obj, values: dict) -> list[str]:
    """Set the values on obj; returns the names of the fields that changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


# Sections and findings ----------------------------------------------------------------------


@transaction.atomic
def assessment_section_save(
    *, assessment: Assessment, by, section: str, values: dict, version: int
) -> Assessment:
    """Save some or all fields of one section of the assessment; returns the assessment, updated.

    `values` holds only fields of that section (autosave sends one). Raises ReadOnlyError,
    VersionConflict, EditRefused, or django's ValidationError for values the model refuses.
    """
    spec = SECTIONS_BY_KEY.get(section)
    if spec is None or not spec.fields or not set(values) <= set(spec.fields):
        raise EditRefused("That part of the assessment cannot be saved here.")
    for name in ("summary", "context", "evidence", "recommendation"):
        if name in values:
            check_text(values[name], limit=MAX_TEXT_LENGTH)
    locked = lock_for_edit(assessment, by)
    if version == getattr(locked, "corrected_from", None):
        version = locked.version  # a correction's own move of the version is no one else's edit
    changed = _apply(locked, _merge(locked, base_version=version, values=values))
    if changed:
        # Validate what changed (and clean(), which checks the visit dates together).
        locked.full_clean(
            exclude=[field.name for field in Assessment._meta.fields if field.name not in changed]
        )
        locked.version += 1
        locked._history_user = by
        locked.save(update_fields=[*changed, "version", "updated_at"])
        refuse_if_too_big(locked.pk)
    return locked


@transaction.atomic
def finding_save(*, assessment: Assessment, by, element: Element, values: dict, version: int) -> Finding:
    """Save an element's narrative and/or its "no significant areas" mark; returns the finding.

    Version 0 means the editor started before the element had a finding; the finding is
    created on its first save.
    """
    if not set(values) <= set(FINDING_FIELDS):
        raise EditRefused("That part of the element cannot be saved here.")
    if "narrative" in values:
        check_text(values["narrative"], limit=MAX_TEXT_LENGTH, name="The narrative")
    locked = lock_for_edit(assessment, by)
    if element.framework_id != locked.framework_id:
        raise EditRefused("That element belongs to another framework.")
    finding = Finding.objects.filter(assessment=locked, element=element).first()
    blank = {"narrative": "", "no_significant_areas": False}
    if finding is None:
        finding = Finding(assessment=locked, element=element, version=0)
        merged = dict(values)
    else:
        base = {name: blank[name] for name in values} if version == 0 else None
        merged = _merge(finding, base_version=version, values=values, base=base)
    if merged.get("no_significant_areas") and finding.pk:
        areas = finding.statements.filter(kind=StatementKind.AREA).count()
        if areas:
            raise EditRefused(
                f"This element still lists {areas} area{'s' if areas > 1 else ''} for development. "
                "Delete them before marking “There are no significant areas for development”."
            )
    changed = _apply(finding, merged)
    if changed or finding.pk is None:
        finding.version += 1
        finding._history_user = by
        finding.full_clean()
        finding.save()
        refuse_if_too_big(locked.pk)
    return finding


def _finding_for_list(locked: Assessment, by, kind: str, element: Element | None) -> Finding | None:
    if kind not in StatementKind.values:
        raise EditRefused("There is no such list.")
    if kind not in FINDING_KINDS:
        if element is not None:
            raise EditRefused("That list belongs to the assessment, not to an element.")
        return None
    if element is None or element.framework_id != locked.framework_id:
        raise EditRefused("That list belongs to an element of this assessment's framework.")
    finding = Finding.objects.filter(assessment=locked, element=element).first()
    if finding is None:
        finding = Finding(assessment=locked, element=element)
        finding._history_user = by
        finding.save()
    return finding


def list_items(assessment: Assessment, kind: str, finding: Finding | None):
    """The items of one list, in order."""
    items = Statement.objects.filter(assessment=assessment, kind=kind)
    items = items.filter(finding=finding) if finding is not None else items.filter(finding__isnull=True)
    return items.order_by("position", "pk")


def _renumber(items: list[Statement], by) -> None:
    """Give `items` the positions 1, 2, 3 … in the order given.

    The unique constraint on positions is checked row by row and cannot be deferred, so items
    that move are first parked above every position in use, then written to their place.
    """
    moving = [(item, place) for place, item in enumerate(items, start=1) if item.position != place]
    if not moving:
        return
    top = max(item.position for item in items) + 1
    Statement.objects.filter(pk__in=[item.pk for item, _ in moving]).update(
        position=Case(
            *(When(pk=item.pk, then=Value(top + index)) for index, (item, _) in enumerate(moving)),
            output_field=IntegerField(),
        )
    )
    for item, place in moving:
        item.position = place
        item._history_user = by
        item.save(update_fields=["position"])


def _locked_item(locked: Assessment, item_id: int) -> Statement:
    item = Statement.objects.filter(assessment=locked, pk=item_id).select_related("finding__element").first()
    if item is None:
        raise ItemGone("This item is no longer in the list: someone else deleted it.")
    return item


def _siblings(item: Statement) -> list[Statement]:
    return list(list_items(item.assessment_id, item.kind, item.finding))


# Lists --------------------------------------------------------------------------------------


@transaction.atomic
def statement_add(
    *,
    assessment: Assessment,
    by,
    kind: str,
    text: str,
    element: Element | None = None,
    position: int | None = None,
) -> Statement:
    """Add an item to a list, at the end or at `position` (1 = first); returns it."""
    if not text.strip():
        raise EditRefused("A list item needs some text: this one is empty or only spaces.")
    check_text(text, limit=MAX_ITEM_LENGTH, name="The item")
    locked = lock_for_edit(assessment, by)
    finding = _finding_for_list(locked, by, kind, element)
    if kind == StatementKind.AREA and finding.no_significant_areas:
        raise EditRefused(
            "This element is marked “There are no significant areas for development”. "
            "Untick that mark before adding an area."
        )
    items = list(list_items(locked, kind, finding))
    if len(items) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(
            f"This list already has {len(items)} items, the most a list may hold. Nothing was added: "
            "merge or shorten some items first."
        )
    top = max((item.position for item in items), default=0)
    statement = Statement(assessment=locked, finding=finding, kind=kind, position=top + 1, text=text)
    statement._history_user = by
    statement.full_clean()
    statement.save()
    refuse_if_too_big(locked.pk)
    if position is not None and 1 <= position <= len(items):
        _renumber([*items[: position - 1], statement, *items[position - 1 :]], by)
    return statement


@transaction.atomic
def statement_edit(*, assessment: Assessment, by, item_id: int, text: str, version: int) -> Statement:
    """Change the text of one list item; returns it. Raises ItemGone or VersionConflict too."""
    if not text.strip():
        raise EditRefused("A list item needs some text: this one is empty or only spaces.")
    check_text(text, limit=MAX_ITEM_LENGTH, name="The item")
    locked = lock_for_edit(assessment, by)
    item = _locked_item(locked, item_id)
    if _apply(item, _merge(item, base_version=version, values={"text": text})):
        item.version += 1
        item._history_user = by
        item.full_clean()
        item.save()
        refuse_if_too_big(locked.pk)
    return item


@dataclasses.dataclass(frozen=True)
class Deleted:
    """What a delete removed, so it can be undone: the list, the place and the text."""

    kind: str
    element_number: int | None
    position: int
    text: str


@transaction.atomic
def statement_delete(*, assessment: Assessment, by, item_id: int, version: int) -> Deleted:
    """Delete one list item and close the gap; returns what was deleted.

    Refused with VersionConflict if the item's text changed since the editor saw it, so no
    one deletes text they have not read.
    """
    locked = lock_for_edit(assessment, by)
    item = _locked_item(locked, item_id)
    if item.version != version:
        changed_by, changed_at = _latest_change(item)
        raise VersionConflict(
            fields=["text"],
            yours={"text": (_values_at(item, version, ["text"]) or {"text": ""})["text"]},
            theirs={"text": item.text},
            version=item.version,
            changed_by=changed_by,
            changed_at=changed_at,
        )
    siblings = _siblings(item)
    place = next(index for index, other in enumerate(siblings, start=1) if other.pk == item.pk)
    deleted = Deleted(
        kind=item.kind,
        element_number=item.finding.element.number if item.finding_id else None,
        position=place,
        text=item.text,
    )
    gone = item.pk  # delete() clears item.pk
    item._history_user = by
    item.delete()
    _renumber([other for other in siblings if other.pk != gone], by)
    return deleted


@transaction.atomic
def statement_move(*, assessment: Assessment, by, item_id: int, direction: str) -> Statement:
    """Move one list item a place "up" or "down" (a no-op at either end); returns it."""
    if direction not in ("up", "down"):
        raise EditRefused("Items move up or down.")
    locked = lock_for_edit(assessment, by)
    item = _locked_item(locked, item_id)
    siblings = _siblings(item)
    if move_one_place(siblings, item, direction):
        _renumber(siblings, by)
    return item


def move_one_place(rows: list, row, direction: str) -> bool:
    """Swap `row` with its neighbour above ("up") or below ("down") in the ordered `rows`, in
    place; False (and nothing swapped) at either end. Shared by every ordered list's move."""
    index = next(index for index, other in enumerate(rows) if other.pk == row.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(rows):
        return False
    rows[index], rows[target] = rows[target], rows[index]
    return True
