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


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"


def _evidence_path(instance, filename: str) -> str:
    # The stored name is random: nothing the school typed reaches the storage's paths.
    import secrets

    return f"evidence/{instance.assessment_id}/{secrets.token_hex(16)}"


class Evidence(FrozenContentMixin):
    """A file or link the school gives for one element. A file's type is what its bytes are
    (selfeval.files), stored under a random name; the name it was uploaded with is kept to
    offer it back on download."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    element_evaluation = models.ForeignKey(
        ElementEvaluation, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=_evidence_path, blank=True, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="file") & ~models.Q(file="") & models.Q(url=""))
                | (models.Q(kind="link") & models.Q(file="") & ~models.Q(url="")),
                name="selfeval_evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url
