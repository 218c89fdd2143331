"""Continuity's parts of an assessment, as the core's registry (assessments.parts) takes them:
progress since the previous visit (a visit that follows another), the targets for the coming
year (kinds that record them) and the research project (kinds that record one) — their editor
pages, what they still lack, their text towards the size limit, their part of the JSON document
(continuity.interchange), their part of the letter (continuity.letter), and the carrying-in of
the previous visit's findings when a visit is scheduled (continuity.services.carry_forward).
Registered by ContinuityConfig.ready()."""

from django.db.models import CharField, Q, Sum, Value
from django.db.models.functions import Coalesce, Length
from django.urls import reverse

from assessments import parts
from assessments.completeness import MissingPart, has_placeholder
from continuity import interchange, letter
from continuity.models import CarriedItem, ResearchStep, Target
from continuity.services import carry_forward
from prepared import Prepared

PAGES = (
    parts.PartPage(
        "previous",
        "Progress since the previous visit",
        "continuity_previous",
        lambda assessment: assessment.previous_assessment_id is not None,
    ),
    parts.PartPage(
        "targets",
        "Targets for the coming year",
        "continuity_targets",
        lambda assessment: assessment.kind.records_targets,
    ),
    parts.PartPage(
        "research",
        "Research project",
        "continuity_research",
        lambda assessment: assessment.kind.records_research_project,
    ),
)
_BY_KEY = {page.key: page for page in PAGES}


def applies(assessment, key: str) -> bool:
    """Whether the page is one of this visit's (no queries)."""
    page = _BY_KEY.get(key)
    return page is not None and page.applies(assessment)


def page_url(assessment, key: str) -> str:
    return reverse(_BY_KEY[key].url_name, args=[assessment.pk])


def text_length(assessment_id: int) -> int:
    """The text of targets, research steps and progress comments (three queries)."""

    def total(model, *fields) -> int:
        expression = sum((Length(field) for field in fields[1:]), Length(fields[0]))
        return model.objects.filter(assessment_id=assessment_id).aggregate(n=Coalesce(Sum(expression), 0))[
            "n"
        ]

    return (
        total(Target, "text", "lead", "by_when")
        + total(ResearchStep, "step", "responsible", "timeline", "comment")
        + total(CarriedItem, "comment")
    )


def _unfinished_query(assessment_ids, *, needs_targets: bool, needs_steps: bool):
    """The rows missing() and missing_many() read of these assessments, each led by its
    assessment's id: carried items and steps without progress, and whether there are targets
    and key steps where the kind needs them."""
    unfinished = Q(progress="") | Q(comment__icontains="TODO") | Q(comment__icontains="XXX")
    items = (
        CarriedItem.objects.filter(unfinished, assessment_id__in=assessment_ids)
        .order_by()
        .values_list("assessment_id", "source", "position", "progress", "comment")
    )
    steps = (
        ResearchStep.objects.filter(assessment_id__in=assessment_ids, carried_from__isnull=False, progress="")
        .annotate(source=Value("step"))
        .order_by()
        .values_list("assessment_id", "source", "position", "progress", "comment")
    )
    # One row for "there is a target" (position 0): the first by position, if any.
    targets = (
        Target.objects.filter(assessment_id__in=assessment_ids)
        .annotate(
            source=Value("target_set", output_field=CharField()),
            no_progress=Value("", output_field=CharField()),
            no_comment=Value("", output_field=CharField()),
        )
        .order_by()
        .values_list("assessment_id", "source", "position", "no_progress", "no_comment")
    )
    # One row per key step (a step needs its project, so a step means both are there).
    any_steps = (
        ResearchStep.objects.filter(assessment_id__in=assessment_ids)
        .annotate(
            source=Value("step_set", output_field=CharField()),
            no_progress=Value("", output_field=CharField()),
            no_comment=Value("", output_field=CharField()),
        )
        .order_by()
        .values_list("assessment_id", "source", "position", "no_progress", "no_comment")
    )
    more = [targets] * needs_targets + [any_steps] * needs_steps
    return items.union(steps, *more, all=True)


# Compiled once for each list length and pair of the kinds' needs: one assessment's (an element's
# page, and every editor page, asks missing() of one) and a page of them (missing_many).
_UNFINISHED = Prepared(
    lambda assessment_ids, needs_targets, needs_steps: _unfinished_query(
        assessment_ids, needs_targets=needs_targets, needs_steps=needs_steps
    ),
    shape=("needs_targets", "needs_steps"),
)


def missing_many(assessments) -> dict[int, list[MissingPart]]:
    """missing() of each of these assessments (Assessments, or the assessor's home's rows: their
    `pk` and `kind` only), by id, in one prepared query for all (the assessor's home)."""
    assessments = list(assessments)
    if not assessments:
        return {}
    needs_targets = any(assessment.kind.records_targets for assessment in assessments)
    needs_steps = any(assessment.kind.records_research_project for assessment in assessments)
    found: dict = {assessment.pk: [] for assessment in assessments}
    for assessment_id, *row in _UNFINISHED(
        assessment_ids=list(found), needs_targets=needs_targets, needs_steps=needs_steps
    ):
        found[assessment_id].append(tuple(row))
    return {assessment.pk: _missing(assessment, found[assessment.pk]) for assessment in assessments}


def missing(assessment) -> list[MissingPart]:
    """What was carried in from the previous visit needs its progress recorded (and its comment
    no TODO or XXX), and so do the research project's carried steps; a visit whose kind records
    targets for the coming year needs at least one, and one whose kind records a research
    project needs it named with a key step at least (the letter has nothing to say otherwise,
    and the next visit nothing to carry). One query for all, whether the rows came from
    carry_forward or from an imported document."""
    needs_targets = assessment.kind.records_targets
    needs_steps = assessment.kind.records_research_project
    prefetched = getattr(assessment, "_prefetched_objects_cache", {})
    if all(name in prefetched for name in ("carried_items", "research_steps", "targets")):
        # A list of assessments (assessor_rows) prefetches them: no query per assessment.
        found = [
            (i.source, i.position, i.progress, i.comment)
            for i in assessment.carried_items.all()
            if not i.progress or has_placeholder(i.comment)
        ] + [
            ("step", step.position, step.progress, step.comment)
            for step in assessment.research_steps.all()
            if step.carried_from_id and not step.progress
        ]
        found += [("target_set", 0, "", "")] * bool(assessment.targets.all())
        found += [("step_set", 0, "", "")] * bool(assessment.research_steps.all())
    else:
        found = [
            row[1:]
            for row in _UNFINISHED(
                assessment_ids=[assessment.pk], needs_targets=needs_targets, needs_steps=needs_steps
            )
        ]
    return _missing(assessment, found)


def _missing(assessment, found: list[tuple]) -> list[MissingPart]:
    """missing()'s answer from its rows: (source, position, progress, comment)."""
    needs_targets = assessment.kind.records_targets
    needs_steps = assessment.kind.records_research_project
    sources = dict(CarriedItem.Source.choices)
    missing = []
    rows = sorted(
        (row for row in found if row[0] not in ("target_set", "step_set")),
        key=lambda row: (row[0] == "step", row[0], row[1]),
    )
    for source, position, progress, comment in rows:
        if source == "step":
            missing.append(
                MissingPart("research", f"Research project step {position}: progress not recorded")
            )
        elif not progress:
            missing.append(
                MissingPart(
                    "previous", f"{sources[source]} {position} from the previous visit: progress not recorded"
                )
            )
        elif has_placeholder(comment):
            missing.append(
                MissingPart("previous", f"{sources[source]} {position}: the comment still holds TODO or XXX")
            )
    if needs_targets and not any(row[0] == "target_set" for row in found):
        # In the order of the pages: after the previous visit's items, before the research.
        at = sum(part.section == "previous" for part in missing)
        missing.insert(at, MissingPart("targets", "No targets for the coming year yet: add at least one"))
    if needs_steps and not any(row[0] == "step_set" for row in found):
        missing.append(MissingPart("research", "No research project yet: give it its title and a key step"))
    return missing


def texts(assessment) -> list[parts.WrittenText]:
    """What the assessor wrote in continuity's parts, in the order of their pages, each with the
    address of its row (three queries): the comments on progress since the previous visit, the
    targets for the coming year and the research project's steps."""
    found = []
    previous, targets, research = (page_url(assessment, key) for key in ("previous", "targets", "research"))
    sources = dict(CarriedItem.Source.choices)
    for item in CarriedItem.objects.filter(assessment=assessment).order_by("source", "position"):
        found.append(
            parts.WrittenText(
                f"{sources[item.source]} {item.position} from the previous visit, comment",
                f"{previous}#carried-{item.pk}",
                item.comment,
            )
        )
    for target in Target.objects.filter(assessment=assessment).order_by("position"):
        where = f"Target {target.position}"
        found.append(parts.WrittenText(where, f"{targets}#target-{target.pk}", target.text))
        found.append(
            parts.WrittenText(f"{where}, who leads it", f"{targets}#target-{target.pk}", target.lead)
        )
    for step in ResearchStep.objects.filter(assessment=assessment).order_by("position"):
        where = f"Research project step {step.position}"
        found.append(parts.WrittenText(where, f"{research}#step-{step.pk}", step.step))
        found.append(parts.WrittenText(f"{where}, comment", f"{research}#step-{step.pk}", step.comment))
    return [text for text in found if text.text.strip()]


def register() -> None:
    """Register continuity's part with the core (from ContinuityConfig.ready())."""
    parts.register(
        parts.Part(
            key="continuity",
            pages=PAGES,
            missing=missing,
            missing_many=missing_many,
            prefetch=("carried_items", "research_steps", "targets"),
            text_length=text_length,
            since_version=4,
            document_keys=interchange.DOCUMENT_KEYS,
            export=interchange.export,
            validate=interchange.validate,
            document_text_length=interchange.document_text_length,
            load=interchange.load,
            letter_context=letter.continuity_context,
            letter_annotations=lambda: {"has_carried": letter.carried_exists()},
            letter_templates={
                "before_elements": "continuity/_letter_previous.html",
                "after_elements": "continuity/_letter_next.html",
            },
            on_scheduled=carry_forward,
            texts=texts,
        )
    )
