"""The services of continuity between visits. They follow assessments.editing: one transaction
each, the assessment row locked first, a clear EditRefused for bad input (and nothing changed),
ItemGone for a row someone else deleted, and VersionConflict for one someone else saved since
the editor read it."""

from django.db import transaction

from assessments import limits
from assessments.editing import (
    EditRefused,
    ItemGone,
    VersionConflict,
    check_text,
    lock_for_edit,
    move_one_place,
)
from assessments.models import Assessment, StatementKind, Status
from assessments.sections import renumber_positions
from continuity.models import MAX_SHORT, CarriedItem, Progress, ResearchProject, ResearchStep, Target

PROGRESS_WORDS = "met, partly met or not met"


def _check_progress(progress: str, *, allow_blank: bool = True) -> str:
    if progress in Progress.values or (allow_blank and progress == ""):
        return progress
    raise EditRefused(f"“{progress}” is not a progress state: choose {PROGRESS_WORDS}. Nothing was saved.")


def _check_short(value: str, name: str) -> str:
    check_text(value, limit=MAX_SHORT, name=name)
    return value


def _check_required(text: str, name: str, *, limit: int = limits.MAX_ITEM_LENGTH) -> str:
    if not text.strip():
        raise EditRefused(f"{name} needs some text: this one is empty or only spaces. Nothing was saved.")
    check_text(text, limit=limit, name=name)
    return text


def _refuse_unless(locked: Assessment, allowed: bool, what: str) -> None:
    if not allowed:
        raise EditRefused(f"A {locked.kind.name} records no {what}. Nothing was changed.")


def _moved(rows: list, row, direction: str) -> list:
    if direction not in ("up", "down"):
        raise EditRefused("Rows move up or down.")
    move_one_place(rows, row, direction)
    return rows


def _check_version(row, version: int, fields: dict) -> None:
    if row.version != version:
        raise VersionConflict(
            fields=list(fields),
            yours=fields,
            theirs={name: getattr(row, name) for name in fields},
            version=row.version,
        )


def _save_changed(row, values: dict) -> None:
    if any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        row.full_clean()
        row.save()


# Carrying forward -------------------------------------------------------------------------


def previous_visit(assessment: Assessment) -> Assessment | None:
    """The confirmed visit of the same school this one follows, or None."""
    previous = assessment.previous_assessment
    if previous is None or previous.status != Status.CONFIRMED or previous.school_id != assessment.school_id:
        return None
    return previous


def _check_same_school(assessment: Assessment, source: Assessment) -> None:
    if source.school_id != assessment.school_id:
        raise EditRefused(
            "That was set at a visit of another school, so it cannot be carried here. Nothing was changed."
        )
    if source.status != Status.CONFIRMED:
        raise EditRefused("Only a confirmed visit's findings can be carried forward. Nothing was changed.")


def carry_target(*, assessment: Assessment, target: Target) -> CarriedItem:
    """Copy one target set at an earlier confirmed visit of the same school into this visit, to
    record its progress. Refused for a target of another school's visit."""
    _check_same_school(assessment, target.assessment)
    top = max(
        assessment.carried_items.filter(source=CarriedItem.Source.TARGET).values_list("position", flat=True),
        default=0,
    )
    item = CarriedItem(
        assessment=assessment,
        source=CarriedItem.Source.TARGET,
        position=top + 1,
        text=target.text,
        lead=target.lead,
        by_when=target.by_when,
        from_assessment=target.assessment,
        from_target=target,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def carry_forward(*, assessment: Assessment) -> int:
    """Copy into a new visit what its previous confirmed visit of the same school asked for: its
    targets for the coming year, its areas for development and minor areas for development (each
    to record progress on) and, for a visit that records one, its research project with its steps.
    Does nothing for a visit that already has carried items or a project, or that follows no
    confirmed visit. Returns how many rows it made."""
    locked = Assessment.objects.select_for_update().select_related("kind__award_level").get(pk=assessment.pk)
    if locked.is_confirmed:
        raise EditRefused("This visit is confirmed; nothing can be carried into it.")
    previous = previous_visit(locked)
    if previous is None or CarriedItem.objects.filter(assessment=locked).exists():
        return 0
    made = 0
    for target in previous.targets.order_by("position"):
        carry_target(assessment=locked, target=target)
        made += 1
    rows = []
    areas = (
        previous.statements.filter(kind=StatementKind.AREA)
        .select_related("finding__element")
        .order_by("finding__element__number", "position")
    )
    for position, statement in enumerate(areas, start=1):
        element = statement.finding.element
        rows.append(
            CarriedItem(
                assessment=locked,
                source=CarriedItem.Source.AREA,
                position=position,
                text=statement.text,
                element_heading=f"Element {element.number} - {element.title}"[:MAX_SHORT],
                from_assessment=previous,
                from_statement=statement,
            )
        )
    minors = previous.statements.filter(kind=StatementKind.MINOR_AREA).order_by("position")
    for position, statement in enumerate(minors, start=1):
        rows.append(
            CarriedItem(
                assessment=locked,
                source=CarriedItem.Source.MINOR_AREA,
                position=position,
                text=statement.text,
                from_assessment=previous,
                from_statement=statement,
            )
        )
    CarriedItem.objects.bulk_create(rows)
    made += len(rows)
    project = ResearchProject.objects.filter(assessment=previous).first()
    if (
        project
        and locked.kind.records_research_project
        and not ResearchProject.objects.filter(assessment=locked).exists()
    ):
        copy = ResearchProject.objects.create(assessment=locked, title=project.title, carried_from=project)
        steps = [
            ResearchStep(
                assessment=locked,
                project=copy,
                position=step.position,
                step=step.step,
                responsible=step.responsible,
                timeline=step.timeline,
                carried_from=step,
            )
            for step in project.steps.order_by("position")
        ]
        ResearchStep.objects.bulk_create(steps)
        made += 1 + len(steps)
    return made


def _given(**values) -> dict:
    """The values a caller gave: None leaves a field as it is (an autosave sends one field)."""
    return {name: value for name, value in values.items() if value is not None}


@transaction.atomic
def progress_record(
    *,
    assessment: Assessment,
    by,
    item_id,
    progress: str | None = None,
    comment: str | None = None,
    version: int,
) -> CarriedItem:
    """Record progress (met, partly met, not met; or none yet) and a comment on a carried item;
    either left out (None) stays as it is."""
    if progress is not None:
        _check_progress(progress)
    if comment is not None:
        check_text(comment, limit=limits.MAX_ITEM_LENGTH, name="The comment")
    locked = lock_for_edit(assessment, by)
    item = CarriedItem.objects.filter(assessment=locked, pk=item_id).first()
    if item is None:
        raise ItemGone("This item is not in this visit: someone else may have removed it.")
    values = _given(progress=progress, comment=comment)
    _check_version(item, version, values)
    _save_changed(item, values)
    return item


# Targets for the coming year ---------------------------------------------------------------


def _locked_target(locked: Assessment, target_id) -> Target:
    target = Target.objects.filter(assessment=locked, pk=target_id).first()
    if target is None:
        raise ItemGone("This target is not in this visit: someone else may have deleted it.")
    return target


@transaction.atomic
def target_add(
    *, assessment: Assessment, by, text: str, lead: str = "", by_when: str = "", position: int | None = None
) -> Target:
    """Add a target for the coming year at the end (or at `position`, putting a deleted one back)."""
    _check_required(text, "A target")
    _check_short(lead, "Who leads it")
    _check_short(by_when, "By when")
    locked = lock_for_edit(assessment, by)
    _refuse_unless(locked, locked.kind.records_targets, "targets for the coming year")
    rows = list(Target.objects.filter(assessment=locked).order_by("position"))
    if len(rows) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(
            f"This visit already has {len(rows)} targets, the most it may hold. Nothing was added."
        )
    top = max((row.position for row in rows), default=0)
    target = Target(assessment=locked, position=top + 1, text=text, lead=lead, by_when=by_when)
    target.full_clean()
    target.save()
    if position is not None and 1 <= position <= len(rows):
        rows.insert(position - 1, target)
        renumber_positions(Target, rows)
    return target


@transaction.atomic
def target_edit(
    *,
    assessment: Assessment,
    by,
    target_id,
    text: str | None = None,
    lead: str | None = None,
    by_when: str | None = None,
    version: int,
) -> Target:
    """Change a target; a field left out (None) stays as it is."""
    if text is not None:
        _check_required(text, "A target")
    if lead is not None:
        _check_short(lead, "Who leads it")
    if by_when is not None:
        _check_short(by_when, "By when")
    locked = lock_for_edit(assessment, by)
    target = _locked_target(locked, target_id)
    values = _given(text=text, lead=lead, by_when=by_when)
    _check_version(target, version, values)
    _save_changed(target, values)
    return target


@transaction.atomic
def target_delete(*, assessment: Assessment, by, target_id, version: int) -> dict:
    """Delete a target; returns what it held and its place (for undo)."""
    locked = lock_for_edit(assessment, by)
    target = _locked_target(locked, target_id)
    _check_version(target, version, {"text": target.text})
    deleted = {
        "text": target.text,
        "lead": target.lead,
        "by_when": target.by_when,
        "position": target.position,
    }
    target.delete()
    renumber_positions(Target, list(Target.objects.filter(assessment=locked).order_by("position")))
    return deleted


@transaction.atomic
def target_move(*, assessment: Assessment, by, target_id, direction: str) -> Target:
    locked = lock_for_edit(assessment, by)
    target = _locked_target(locked, target_id)
    rows = _moved(list(Target.objects.filter(assessment=locked).order_by("position")), target, direction)
    renumber_positions(Target, rows)
    target.refresh_from_db()
    return target


# The research project ----------------------------------------------------------------------


@transaction.atomic
def project_set(*, assessment: Assessment, by, title: str, version: int | None = None) -> ResearchProject:
    """Name the visit's research project (creating it) or rename it."""
    _check_required(title, "The project's title", limit=MAX_SHORT)
    locked = lock_for_edit(assessment, by)
    _refuse_unless(locked, locked.kind.records_research_project, "research project")
    project = ResearchProject.objects.filter(assessment=locked).first()
    if project is None:
        project = ResearchProject(assessment=locked, title=title)
        project.full_clean()
        project.save()
        return project
    if version is not None:
        _check_version(project, version, {"title": title})
    _save_changed(project, {"title": title})
    return project


def _locked_step(locked: Assessment, step_id) -> ResearchStep:
    step = ResearchStep.objects.filter(assessment=locked, pk=step_id).first()
    if step is None:
        raise ItemGone("This step is not in this project: someone else may have deleted it.")
    return step


@transaction.atomic
def step_add(
    *,
    assessment: Assessment,
    by,
    step: str,
    responsible: str = "",
    timeline: str = "",
    position: int | None = None,
) -> ResearchStep:
    _check_required(step, "A step")
    _check_short(responsible, "Who is responsible")
    _check_short(timeline, "The timeline")
    locked = lock_for_edit(assessment, by)
    _refuse_unless(locked, locked.kind.records_research_project, "research project")
    project = ResearchProject.objects.filter(assessment=locked).first()
    if project is None:
        raise EditRefused("Give the research project its title first; then add its steps. Nothing was added.")
    rows = list(project.steps.order_by("position"))
    if len(rows) >= limits.MAX_LIST_ITEMS:
        raise EditRefused(
            f"This project already has {len(rows)} steps, the most it may hold. Nothing was added."
        )
    top = max((row.position for row in rows), default=0)
    row = ResearchStep(
        assessment=locked,
        project=project,
        position=top + 1,
        step=step,
        responsible=responsible,
        timeline=timeline,
    )
    row.full_clean()
    row.save()
    if position is not None and 1 <= position <= len(rows):
        rows.insert(position - 1, row)
        renumber_positions(ResearchStep, rows)
    return row


@transaction.atomic
def step_edit(
    *,
    assessment: Assessment,
    by,
    step_id,
    step: str | None = None,
    responsible: str | None = None,
    timeline: str | None = None,
    progress: str | None = None,
    comment: str | None = None,
    version: int,
) -> ResearchStep:
    """Change a key step; a field left out (None) stays as it is."""
    if step is not None:
        _check_required(step, "A step")
    if responsible is not None:
        _check_short(responsible, "Who is responsible")
    if timeline is not None:
        _check_short(timeline, "The timeline")
    if progress is not None:
        _check_progress(progress)
    if comment is not None:
        check_text(comment, limit=limits.MAX_ITEM_LENGTH, name="The comment")
    locked = lock_for_edit(assessment, by)
    row = _locked_step(locked, step_id)
    values = _given(step=step, responsible=responsible, timeline=timeline, progress=progress, comment=comment)
    _check_version(row, version, values)
    _save_changed(row, values)
    return row


@transaction.atomic
def step_delete(*, assessment: Assessment, by, step_id, version: int) -> dict:
    locked = lock_for_edit(assessment, by)
    row = _locked_step(locked, step_id)
    _check_version(row, version, {"step": row.step})
    deleted = {
        "step": row.step,
        "responsible": row.responsible,
        "timeline": row.timeline,
        "position": row.position,
    }
    project = row.project
    row.delete()
    renumber_positions(ResearchStep, list(project.steps.order_by("position")))
    return deleted


@transaction.atomic
def step_move(*, assessment: Assessment, by, step_id, direction: str) -> ResearchStep:
    locked = lock_for_edit(assessment, by)
    row = _locked_step(locked, step_id)
    rows = _moved(list(row.project.steps.order_by("position")), row, direction)
    renumber_positions(ResearchStep, rows)
    row.refresh_from_db()
    return row
