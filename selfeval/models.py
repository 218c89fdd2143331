"""The school's self-evaluation of a visit: its own evaluation of each element of the visit's
framework, which it edits until it submits, and which then stays as submitted."""

from django.conf import settings
from django.db import models

from assessments.models import Assessment, Element, FrozenContentMixin, FrozenContentQuerySet

# The longest evaluation of one element the school may write (the assessor's narrative's order).
MAX_TEXT = 20000


class SelfEvaluation(FrozenContentMixin):
    """One per visit (assessment); submitted once, by one of the school's staff."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="self_evaluation")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Self-evaluation of {self.assessment}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ElementEvaluation(FrozenContentMixin):
    """The school's evaluation of one element. `assessment` repeats the self-evaluation's, so
    the frozen-content checks (which read assessment_id) cover these rows too."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="elements")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["element__number"]
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "element"], name="selfeval_one_per_element"),
        ]

    def __str__(self) -> str:
        return f"{self.self_evaluation}: element {self.element.number}"
