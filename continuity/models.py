"""What carries from one visit of a school to the next.

- Target: a target the school sets at this visit for the coming year (Centre of Excellence and
  Flagship visits): the target, who leads it, by when.
- ResearchProject and ResearchStep: a Flagship school's research project, its title and key
  steps (step, responsible people, timeline), with progress on each step at a review.
- CarriedItem: something the previous confirmed visit of the same school asked for (one of its
  targets, areas for development or minor areas for development), copied into this visit so the
  assessor can record its progress (met, partly met, not met) and a comment. The copy points back
  to its source; the source, frozen with its confirmed visit, never changes.

All follow the frozen-content rules of assessments.models: once this visit is confirmed its rows
refuse every change.
"""

from django.core.exceptions import ValidationError
from django.db import models

from assessments import limits
from assessments.models import Assessment, FrozenContentMixin, FrozenContentQuerySet, Statement

MAX_SHORT = 300  # a lead, a timeline, a title


class Progress(models.TextChoices):
    """Progress on something the previous visit asked for."""

    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


def _progress_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(progress="") | models.Q(progress__in=Progress.values),
        name=name,
        violation_error_message="Progress is met, partly met or not met.",
    )


def _text_not_empty(field: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~models.Q(**{field: ""}), name=name, violation_error_message=message
    )


class Target(FrozenContentMixin):
    """One of the targets the school sets at this visit for the coming year, in order."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField()
    text = models.TextField()
    lead = models.CharField(max_length=MAX_SHORT, blank=True, help_text="Who leads it.")
    by_when = models.CharField(max_length=MAX_SHORT, blank=True, help_text="By when: “July 2027”.")
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"],
                name="target_position_unique",
                violation_error_message="Two targets share a position.",
            ),
            _text_not_empty("text", "target_text_not_empty", "A target needs some text."),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"

    def clean(self) -> None:
        problem = limits.length_problem(self.text, limits.MAX_ITEM_LENGTH, "A target")
        if problem:
            raise ValidationError({"text": problem})


class ResearchProject(FrozenContentMixin):
    """A Flagship school's research project as this visit records it."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="research_project")
    title = models.CharField(max_length=MAX_SHORT)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The previous visit's project this one was carried from.",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        constraints = [
            _text_not_empty("title", "research_project_title_not_empty", "The project needs a title.")
        ]

    def __str__(self) -> str:
        return self.title


class ResearchStep(FrozenContentMixin):
    """One key step of the research project, in order, with progress on it at a review."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="research_steps")
    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    step = models.TextField()
    responsible = models.CharField(max_length=MAX_SHORT, blank=True)
    timeline = models.CharField(max_length=MAX_SHORT, blank=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    comment = models.TextField(blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The step of the previous visit's project this one was carried from.",
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"],
                name="research_step_position_unique",
                violation_error_message="Two steps share a position.",
            ),
            _text_not_empty("step", "research_step_not_empty", "A step needs some text."),
            _progress_check("research_step_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.step[:60]}"

    @property
    def is_carried(self) -> bool:
        return self.carried_from_id is not None

    def clean(self) -> None:
        for field, name, limit in (
            ("step", "A step", limits.MAX_ITEM_LENGTH),
            ("comment", "The comment", limits.MAX_ITEM_LENGTH),
        ):
            problem = limits.length_problem(getattr(self, field), limit, name)
            if problem:
                raise ValidationError({field: problem})
        if self.project_id and self.assessment_id and self.project.assessment_id != self.assessment_id:
            raise ValidationError({"project": "The project belongs to another visit."})


class CarriedItem(FrozenContentMixin):
    """Something the previous visit asked for, copied into this one with its progress."""

    class Source(models.TextChoices):
        TARGET = "target", "Last year's target"
        AREA = "area", "Area for development"
        MINOR_AREA = "minor_area", "Minor area for development"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="carried_items")
    source = models.CharField(max_length=20, choices=Source.choices)
    position = models.PositiveIntegerField()
    text = models.TextField()
    lead = models.CharField(max_length=MAX_SHORT, blank=True)
    by_when = models.CharField(max_length=MAX_SHORT, blank=True)
    element_heading = models.CharField(
        max_length=MAX_SHORT,
        blank=True,
        help_text="For an area for development: its element, as the letter named it.",
    )
    from_assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The visit it was carried from.",
    )  # fmt: skip
    from_target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "source", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "source", "position"],
                name="carried_item_position_unique",
                violation_error_message="Two carried items share a position.",
            ),
            _text_not_empty("text", "carried_item_text_not_empty", "A carried item needs its text."),
            _progress_check("carried_item_progress_valid"),
            models.CheckConstraint(
                condition=models.Q(source__in=["target", "area", "minor_area"]),
                name="carried_item_source_valid",
                violation_error_message="A carried item is a target, an area or a minor area for development.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.position}: {self.text[:60]}"

    def clean(self) -> None:
        for field, name in (("text", "A carried item"), ("comment", "The comment")):
            problem = limits.length_problem(getattr(self, field), limits.MAX_ITEM_LENGTH, name)
            if problem:
                raise ValidationError({field: problem})
        if self.from_assessment_id and self.assessment_id:
            schools = dict(
                Assessment.objects.filter(pk__in=[self.assessment_id, self.from_assessment_id]).values_list(
                    "pk", "school_id"
                )
            )
            if schools.get(self.assessment_id) != schools.get(self.from_assessment_id):
                raise ValidationError("This was carried from a visit of another school.")
