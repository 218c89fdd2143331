"""The letter's parts for continuity between visits (templates/reports/_letter_continuity.html):
progress on the previous visit's areas for development, progress against last year's targets,
the research project and the targets for the coming year. Each prints only when it has rows."""

from django.db.models import Exists, OuterRef

from continuity.models import CarriedItem, Progress, ResearchProject, Target

_SOURCES = CarriedItem.Source


def _progress(progress: str) -> str:
    return Progress(progress).label if progress else ""


def _carried(item: CarriedItem) -> dict:
    return {
        "text": item.text,
        "lead": item.lead,
        "by_when": item.by_when,
        "element_heading": item.element_heading,
        "progress": _progress(item.progress),
        "comment": item.comment,
    }


def carried_exists() -> Exists:
    """An annotation for an Assessment query: whether anything was carried into it. Read with
    the assessment, it spares the letter a query for a visit with nothing carried in."""
    return Exists(CarriedItem.objects.filter(assessment=OuterRef("pk")))


def continuity_context(assessment) -> dict:
    """The rows of the letter's continuity parts: a query for what was carried in (carried by
    carry_forward from the previous visit, or imported with the document; none when the
    assessment was read with carried_exists() as `has_carried` and it has none), one for the
    targets (none for a kind that records none), two for the research project (none for a kind
    that records none)."""
    kind = assessment.kind
    has_carried = getattr(assessment, "has_carried", None)
    carried = (
        list(CarriedItem.objects.filter(assessment=assessment).order_by("source", "position"))
        if has_carried or has_carried is None
        else []
    )
    project = (
        ResearchProject.objects.filter(assessment=assessment).first()
        if kind.records_research_project
        else None
    )
    steps = list(project.steps.order_by("position")) if project else []
    targets = (
        Target.objects.filter(assessment=assessment).order_by("position") if kind.records_targets else []
    )
    return {
        "previous_areas": [_carried(i) for i in carried if i.source == _SOURCES.AREA],
        "previous_minor_areas": [_carried(i) for i in carried if i.source == _SOURCES.MINOR_AREA],
        "previous_targets": [_carried(i) for i in carried if i.source == _SOURCES.TARGET],
        "research_project": (
            {
                "title": project.title,
                "steps": [
                    {
                        "step": s.step,
                        "responsible": s.responsible,
                        "timeline": s.timeline,
                        "progress": _progress(s.progress),
                        "comment": s.comment,
                        "carried": s.is_carried,
                    }
                    for s in steps
                ],
            }
            if project
            else None
        ),
        "targets": [{"text": t.text, "lead": t.lead, "by_when": t.by_when} for t in targets],
    }
