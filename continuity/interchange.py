"""Continuity's part of the assessment's JSON document (format version 4 and later): the targets
for the coming year, the research project with its steps, and what was carried in from the
previous visit — exported, checked and written on import through the core's parts registry
(continuity/parts.py); docs/assessment-format.md describes them."""

from typing import Any

from assessments import limits, services
from assessments.interchange import Checker
from assessments.kinds import VisitKind
from assessments.models import Assessment, StatementKind
from continuity.models import MAX_SHORT, CarriedItem, Progress, ResearchProject, ResearchStep, Target

DOCUMENT_KEYS = ("targets", "research_project", "carried")
TARGET_KEYS = ["text", "lead", "by_when"]
PROJECT_KEYS = ["title", "steps"]
STEP_KEYS = ["step", "responsible", "timeline", "progress", "comment"]
CARRIED_KEYS = ["source", "text", "lead", "by_when", "element_heading", "progress", "comment"]


def export(assessment: Assessment) -> dict[str, Any]:
    """Format version 4's parts: the targets for the coming year, the research project with its
    steps, and what was carried in from the previous visit, each in order."""
    project = ResearchProject.objects.filter(assessment=assessment).first()
    return {
        "targets": [
            {"text": t.text, "lead": t.lead, "by_when": t.by_when}
            for t in Target.objects.filter(assessment=assessment).order_by("position")
        ],
        "research_project": (
            {
                "title": project.title,
                "steps": [
                    {
                        "step": s.step,
                        "responsible": s.responsible,
                        "timeline": s.timeline,
                        "progress": s.progress,
                        "comment": s.comment,
                    }
                    for s in project.steps.order_by("position")
                ],
            }
            if project
            else None
        ),
        "carried": [
            {
                "source": c.source,
                "text": c.text,
                "lead": c.lead,
                "by_when": c.by_when,
                "element_heading": c.element_heading,
                "progress": c.progress,
                "comment": c.comment,
            }
            for c in CarriedItem.objects.filter(assessment=assessment).order_by("source", "position")
        ],
    }


def validate(check: Checker, top: dict, kind: VisitKind | None) -> dict[str, Any]:
    """The document's continuity keys, checked; the clean values keyed as in the document."""
    return {
        "targets": _targets(check, top.get("targets", []), kind),
        "research_project": _research_project(check, top.get("research_project"), kind),
        "carried": _carried(check, top.get("carried", [])),
    }


def _progress(check: Checker, value: Any, path: str) -> str | None:
    """A progress state: met, partly met, not met, or "" (not recorded yet)."""
    if isinstance(value, str) and (value == "" or value in Progress.values):
        return value
    shown = ", ".join(f'"{c}"' for c in Progress.values)
    given = f'"{value[:40]}" is not a progress state' if isinstance(value, str) else "is not a string"
    check.fail(path, f'{given}; it must be one of {shown}, or "" while progress is not recorded yet')
    return None


def _rows(check: Checker, value: Any, path: str, noun: str) -> list:
    """An array of at most MAX_LIST_ITEMS objects, or [] after a problem."""
    if not isinstance(value, list):
        check.fail(path, f"must be an array of {noun}")
        return []
    if len(value) > limits.MAX_LIST_ITEMS:
        check.fail(path, f"must have at most {limits.MAX_LIST_ITEMS} {noun} (it has {len(value)})")
        return []
    return value


def _short(check: Checker, value: Any, path: str, *, required: bool = False) -> str | None:
    return check.line(value, path, max_length=MAX_SHORT, required=required)


def _item(check: Checker, value: Any, path: str, *, required: bool = False) -> str | None:
    return check.text(value, path, max_length=limits.MAX_ITEM_LENGTH, required=required)


def _targets(check: Checker, value: Any, kind: VisitKind | None) -> list[dict]:
    """The targets for the coming year, checked as continuity.services checks them; refused for
    a kind of visit that records none."""
    rows = _rows(check, value, "targets", "targets")
    if rows and kind is not None and not kind.records_targets:
        check.fail(
            "targets",
            f'a visit of the kind "{kind.code}" ({kind.name}) records no targets for the coming year '
            "(only Centre of Excellence and Flagship visits do); leave it []",
        )
        return []
    found = []
    for index, raw in enumerate(rows):
        path = f"targets[{index}]"
        target = check.obj(raw, path, TARGET_KEYS)
        if target is None:
            continue
        found.append(
            {
                "text": _item(check, target.get("text"), f"{path}.text", required=True),
                "lead": _short(check, target.get("lead"), f"{path}.lead"),
                "by_when": _short(check, target.get("by_when"), f"{path}.by_when"),
            }
        )
    return found


def _research_project(check: Checker, value: Any, kind: VisitKind | None) -> dict | None:
    """The research project (null for none) with its steps; refused for a kind of visit that
    records none."""
    if value is None:
        return None
    if kind is not None and not kind.records_research_project:
        check.fail(
            "research_project",
            f'a visit of the kind "{kind.code}" ({kind.name}) records no research project (only '
            "Flagship visits do); leave it null",
        )
        return None
    project = check.obj(value, "research_project", PROJECT_KEYS)
    if project is None:
        return None
    steps = []
    for index, raw in enumerate(_rows(check, project.get("steps"), "research_project.steps", "steps")):
        path = f"research_project.steps[{index}]"
        step = check.obj(raw, path, STEP_KEYS)
        if step is None:
            continue
        steps.append(
            {
                "step": _item(check, step.get("step"), f"{path}.step", required=True),
                "responsible": _short(check, step.get("responsible"), f"{path}.responsible"),
                "timeline": _short(check, step.get("timeline"), f"{path}.timeline"),
                "progress": _progress(check, step.get("progress"), f"{path}.progress"),
                "comment": _item(check, step.get("comment"), f"{path}.comment"),
            }
        )
    return {
        "title": _short(check, project.get("title"), "research_project.title", required=True),
        "steps": steps,
    }


def _carried(check: Checker, value: Any) -> list[dict]:
    """What was carried in from the previous visit: its targets, areas for development and minor
    areas for development, each with its progress. At most MAX_LIST_ITEMS of each source (of
    areas: of each element), as many as the previous visit itself could hold."""
    if not isinstance(value, list):
        check.fail("carried", "must be an array of carried items")
        return []
    sources = CarriedItem.Source.values
    found: list[dict] = []
    counts: dict[tuple, int] = {}
    for index, raw in enumerate(value):
        path = f"carried[{index}]"
        item = check.obj(raw, path, CARRIED_KEYS)
        if item is None:
            continue
        source = item.get("source")
        if isinstance(source, str) and source not in sources:
            shown = ", ".join(f'"{c}"' for c in sources)
            check.fail(
                f"{path}.source",
                f'"{source[:40]}" is not a source of a carried item; it must be one of {shown}',
            )
            source = None
        else:
            source = check.choice(source, f"{path}.source", sources)
        clean = {
            "source": source,
            "text": _item(check, item.get("text"), f"{path}.text", required=True),
            "lead": _short(check, item.get("lead"), f"{path}.lead"),
            "by_when": _short(check, item.get("by_when"), f"{path}.by_when"),
            "element_heading": _short(check, item.get("element_heading"), f"{path}.element_heading"),
            "progress": _progress(check, item.get("progress"), f"{path}.progress"),
            "comment": _item(check, item.get("comment"), f"{path}.comment"),
        }
        group = (source, clean["element_heading"] if source == CarriedItem.Source.AREA else "")
        counts[group] = counts.get(group, 0) + 1
        if counts[group] == limits.MAX_LIST_ITEMS + 1:
            what = "items of this source" + (" and element" if source == CarriedItem.Source.AREA else "")
            check.fail(path, f"there may be at most {limits.MAX_LIST_ITEMS} carried {what}")
        if counts[group] > limits.MAX_LIST_ITEMS:
            break
        found.append(clean)
    return found


def document_text_length(clean: dict) -> int:
    """The text of the checked continuity keys, in characters, as the size limit counts it."""
    total = 0
    for target in clean["targets"]:
        total += len(target["text"]) + len(target["lead"]) + len(target["by_when"])
    for step in (clean["research_project"] or {}).get("steps", []):
        total += sum(len(step[key]) for key in ("step", "responsible", "timeline", "comment"))
    total += sum(len(item["comment"]) for item in clean["carried"])
    return total


def load(assessment: Assessment, clean: dict) -> None:
    """Write the checked continuity keys for an imported assessment (see _import)."""
    previous = _previous_visit(assessment) if clean["carried"] else None
    _import(assessment, clean, previous)


def _previous_visit(assessment: Assessment) -> Assessment | None:
    """The same school's latest confirmed visit, if it took place before this one: the visit the
    carried items may point back to. None when either visit has no date."""
    previous = services.latest_confirmed(assessment.school)
    if previous is None or previous.visit_start is None or assessment.visit_start is None:
        return None
    return previous if previous.visit_start < assessment.visit_start else None


def _import(assessment: Assessment, clean: dict, previous: Assessment | None) -> None:
    """Write format version 4's parts. A carried item points back to its source (from_assessment
    and from_target or from_statement) only when `previous` holds a target, area for development
    or minor area for development with exactly its text (each source row used once); otherwise
    its links stay null and it keeps just its text. A research project and its steps are not
    linked to an earlier project (carried_from stays null)."""
    Target.objects.bulk_create(
        Target(assessment=assessment, position=position, **target)
        for position, target in enumerate(clean["targets"], start=1)
    )
    if clean["research_project"]:
        project = ResearchProject.objects.create(
            assessment=assessment, title=clean["research_project"]["title"]
        )
        ResearchStep.objects.bulk_create(
            ResearchStep(assessment=assessment, project=project, position=position, **step)
            for position, step in enumerate(clean["research_project"]["steps"], start=1)
        )
    sources: dict[str, list] = {}
    if previous is not None:
        sources[CarriedItem.Source.TARGET] = list(previous.targets.order_by("position"))
        for kind, source in (
            (StatementKind.AREA, CarriedItem.Source.AREA),
            (StatementKind.MINOR_AREA, CarriedItem.Source.MINOR_AREA),
        ):
            sources[source] = list(
                previous.statements.filter(kind=kind).order_by("finding__element__number", "position")
            )
    positions: dict[str, int] = {}
    rows = []
    for item in clean["carried"]:
        positions[item["source"]] = positions.get(item["source"], 0) + 1
        row = CarriedItem(assessment=assessment, position=positions[item["source"]], **item)
        candidates = sources.get(item["source"], [])
        match = next((candidate for candidate in candidates if candidate.text == item["text"]), None)
        if match is not None:
            candidates.remove(match)
            row.from_assessment = previous
            if item["source"] == CarriedItem.Source.TARGET:
                row.from_target = match
            else:
                row.from_statement = match
        rows.append(row)
    CarriedItem.objects.bulk_create(rows)
