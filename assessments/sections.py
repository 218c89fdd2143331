"""Themed sections: the report of an assessment whose report_structure is "themed" is a list of
sections the assessor names ("Context", "Provision Wrapped Around the Child" …), each with a
narrative and, after it, an ordered list of quotations with their attributions.

The models (Section, Quotation) live in assessments.models and follow its frozen-content rules:
a confirmed assessment's sections and quotations refuse every change.

The services here follow assessments.editing: one transaction each, the assessment row locked
first, a clear EditError for bad input (and nothing changed), and a VersionConflict when the
section was saved by someone else since the editor read it.
"""

from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When

from assessments import limits
from assessments.editing import (
    EditRefused,
    ItemGone,
    VersionConflict,
    check_text,
    lock_for_edit,
    move_one_place,
    refuse_if_too_big,
)
from assessments.kinds import ReportStructure
from assessments.models import (
    MAX_ATTRIBUTION_LENGTH,
    MAX_HEADING_LENGTH,
    Assessment,
    Quotation,
    Section,
)


# The longest heading of a section; a quotation's attribution.
def _check_heading(heading: str) -> str:
    if not heading.strip():
        raise EditRefused("A section needs a heading: this one is empty or only spaces. Nothing was saved.")
    check_text(heading, limit=MAX_HEADING_LENGTH, name="The heading")
    return heading


def _refuse_unless_themed(locked: Assessment) -> None:
    if locked.report_structure != ReportStructure.THEMED:
        raise EditRefused("This report is organised by element, not in themed sections. Nothing was changed.")


def _locked_section(locked: Assessment, section_id) -> Section:
    section = Section.objects.filter(assessment=locked, pk=section_id).first()
    if section is None:
        raise ItemGone("This section is not in this report: someone else may have deleted it.")
    return section


def renumber_positions(model, rows: list) -> None:
    """Give `rows` the positions 1, 2, 3 … in the order given (parking the ones that move above
    every position in use first: the unique constraint is checked row by row)."""
    moving = [(row, place) for place, row in enumerate(rows, start=1) if row.position != place]
    if not moving:
        return
    top = max(row.position for row in rows) + 1
    model.objects.filter(pk__in=[row.pk for row, _ in moving]).update(
        position=Case(
            *(When(pk=row.pk, then=Value(top + index)) for index, (row, _) in enumerate(moving)),
            output_field=IntegerField(),
        )
    )
    for row, place in moving:
        model.objects.filter(pk=row.pk).update(position=place)
        row.position = place


def sections_of(assessment: Assessment):
    """The report's sections in order, with their quotations."""
    return (
        Section.objects.filter(assessment=assessment)
        .order_by("position")
        .prefetch_related(models.Prefetch("quotations", queryset=Quotation.objects.order_by("position")))
    )


@transaction.atomic
def section_add(*, assessment: Assessment, by, heading: str, narrative: str = "") -> Section:
    """Add a section at the end of the report; returns it."""
    _check_heading(heading)
    check_text(narrative, limit=limits.MAX_FIELD_LENGTH, name="The narrative")
    locked = lock_for_edit(assessment, by)
    _refuse_unless_themed(locked)
    existing = list(Section.objects.filter(assessment=locked))
    if len(existing) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(
            f"This report already has {len(existing)} sections, the most it may hold. Nothing was added."
        )
    top = max((s.position for s in existing), default=0)
    section = Section(assessment=locked, position=top + 1, heading=heading, narrative=narrative)
    section.full_clean()
    section.save()
    refuse_if_too_big(locked.pk)
    return section


@transaction.atomic
def section_edit(
    *, assessment: Assessment, by, section_id, heading: str, narrative: str, version: int
) -> Section:
    """Rename a section or change its narrative; refused with VersionConflict if someone else
    saved it since `version`."""
    _check_heading(heading)
    check_text(narrative, limit=limits.MAX_FIELD_LENGTH, name="The narrative")
    locked = lock_for_edit(assessment, by)
    section = _locked_section(locked, section_id)
    if section.version != version:
        raise VersionConflict(
            fields=["heading", "narrative"],
            yours={"heading": heading, "narrative": narrative},
            theirs={"heading": section.heading, "narrative": section.narrative},
            version=section.version,
        )
    if (section.heading, section.narrative) != (heading, narrative):
        section.heading, section.narrative = heading, narrative
        section.version += 1
        section.full_clean()
        section.save()
        refuse_if_too_big(locked.pk)
    return section


@transaction.atomic
def section_delete(*, assessment: Assessment, by, section_id, version: int) -> dict:
    """Delete a section and its quotations, closing the gap; returns what was deleted (for
    undo: heading, narrative, position and quotations)."""
    locked = lock_for_edit(assessment, by)
    section = _locked_section(locked, section_id)
    if section.version != version:
        raise VersionConflict(
            fields=["heading", "narrative"],
            yours={},
            theirs={"heading": section.heading, "narrative": section.narrative},
            version=section.version,
        )
    deleted = {
        "heading": section.heading,
        "narrative": section.narrative,
        "position": section.position,
        "quotations": [
            {"text": q.text, "attribution": q.attribution} for q in section.quotations.order_by("position")
        ],
    }
    section.quotations.all().delete()
    section.delete()
    renumber_positions(Section, list(Section.objects.filter(assessment=locked).order_by("position")))
    return deleted


@transaction.atomic
def section_restore(*, assessment: Assessment, by, deleted: dict) -> Section:
    """Put a deleted section (what section_delete returned) back at its place, with its
    quotations in their order; the sections from that place on move down one."""
    heading = deleted.get("heading")
    narrative = deleted.get("narrative", "")
    quotations = deleted.get("quotations") or []
    position = deleted.get("position")
    if not isinstance(heading, str) or not isinstance(narrative, str) or not isinstance(quotations, list):
        raise EditRefused("There is nothing to put back. Nothing was changed.")
    _check_heading(heading)
    check_text(narrative, limit=limits.MAX_FIELD_LENGTH, name="The narrative")
    for quotation in quotations:
        if not isinstance(quotation, dict) or not str(quotation.get("text", "")).strip():
            raise EditRefused("A quotation of that section could not be read. Nothing was changed.")
        check_text(str(quotation["text"]), limit=limits.MAX_ITEM_LENGTH, name="A quotation")
        check_text(str(quotation.get("attribution", "")), limit=MAX_ATTRIBUTION_LENGTH, name="An attribution")
    locked = lock_for_edit(assessment, by)
    _refuse_unless_themed(locked)
    existing = list(Section.objects.filter(assessment=locked).order_by("position"))
    if len(existing) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(
            f"This report already has {len(existing)} sections, the most it may hold. Nothing was put back."
        )
    place = position if isinstance(position, int) else len(existing) + 1
    place = min(max(place, 1), len(existing) + 1)
    top = max((s.position for s in existing), default=0)
    section = Section(assessment=locked, position=top + 1, heading=heading, narrative=narrative)
    section.full_clean()
    section.save()
    renumber_positions(Section, [*existing[: place - 1], section, *existing[place - 1 :]])
    for index, quotation in enumerate(quotations, start=1):
        Quotation.objects.create(
            assessment=locked,
            section=section,
            position=index,
            text=str(quotation["text"]),
            attribution=str(quotation.get("attribution", "")),
        )
    refuse_if_too_big(locked.pk)
    section.refresh_from_db()
    return section


@transaction.atomic
def section_move(*, assessment: Assessment, by, section_id, direction: str) -> Section:
    """Move a section a place "up" or "down" (a no-op at either end)."""
    if direction not in ("up", "down"):
        raise EditRefused("Sections move up or down.")
    locked = lock_for_edit(assessment, by)
    section = _locked_section(locked, section_id)
    siblings = list(Section.objects.filter(assessment=locked).order_by("position"))
    if move_one_place(siblings, section, direction):
        renumber_positions(Section, siblings)
    section.refresh_from_db()
    return section


@transaction.atomic
def quotation_add(*, assessment: Assessment, by, section_id, text: str, attribution: str = "") -> Quotation:
    """Add a quotation at the end of a section's quotations."""
    if not text.strip():
        raise EditRefused("A quotation needs some text: this one is empty or only spaces. Nothing was saved.")
    check_text(text, limit=limits.MAX_ITEM_LENGTH, name="The quotation")
    check_text(attribution, limit=MAX_ATTRIBUTION_LENGTH, name="The attribution")
    locked = lock_for_edit(assessment, by)
    section = _locked_section(locked, section_id)
    existing = list(section.quotations.all())
    if len(existing) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(f"This section already has {len(existing)} quotations. Nothing was added.")
    top = max((q.position for q in existing), default=0)
    quotation = Quotation(
        assessment=locked, section=section, position=top + 1, text=text, attribution=attribution
    )
    quotation.full_clean()
    quotation.save()
    refuse_if_too_big(locked.pk)
    return quotation


@transaction.atomic
def quotation_delete(*, assessment: Assessment, by, quotation_id, version: int) -> dict:
    """Delete a quotation; returns its text and attribution (for undo)."""
    locked = lock_for_edit(assessment, by)
    quotation = Quotation.objects.filter(assessment=locked, pk=quotation_id).first()
    if quotation is None:
        raise ItemGone("This quotation is not in this report: someone else may have deleted it.")
    if quotation.version != version:
        raise VersionConflict(
            fields=["text"], yours={}, theirs={"text": quotation.text}, version=quotation.version
        )
    section = quotation.section
    deleted = {"text": quotation.text, "attribution": quotation.attribution}
    quotation.delete()
    renumber_positions(Quotation, list(section.quotations.order_by("position")))
    return deleted


@transaction.atomic
def structure_change(*, assessment: Assessment, by, structure: str) -> Assessment:
    """Change how the report is organised (directors only); refused once the report has
    content in the structure it leaves."""
    if not (by is not None and by.is_authenticated and by.is_director):
        raise EditRefused("Only a director can change how a report is organised. Nothing was changed.")
    if structure not in ReportStructure.values:
        raise EditRefused("Choose a report structure: by element or themed sections.")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_confirmed:
        raise EditRefused("This assessment is confirmed; its report structure can no longer change.")
    if locked.report_structure == structure:
        return locked
    has_content = (
        Section.objects.filter(assessment=locked).exists()
        if locked.report_structure == ReportStructure.THEMED
        else locked.findings.exists() or locked.statements.filter(finding__isnull=False).exists()
    )
    if has_content:
        raise EditRefused(
            "The report already has content in its present structure, so it cannot change. "
            "Nothing was changed."
        )
    Assessment.objects.filter(pk=locked.pk).update(report_structure=structure)
    locked.report_structure = structure
    return locked
