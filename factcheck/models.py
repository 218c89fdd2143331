"""The evidence log of a visit (meetings held, documents seen) and the school's factual-accuracy
check of the draft letter (comments against a section or element, and the assessor's answers).

The rules live in factcheck.services; the models only refuse changes to a confirmed
assessment's rows (FrozenContentMixin)."""

from django.conf import settings
from django.db import models

from assessments.models import Assessment, Element, FrozenContentMixin, FrozenContentQuerySet


class Meeting(FrozenContentMixin):
    """One meeting of the visit: with whom (a group, e.g. "Year 6 pupils"), how many, and the
    element it was mostly about, if any."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="meetings")
    position = models.PositiveIntegerField()
    group = models.CharField(max_length=200)
    number = models.PositiveIntegerField(null=True, blank=True, help_text="How many people took part.")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "position", "pk"]

    def __str__(self) -> str:
        return self.group


class DocumentSeen(FrozenContentMixin):
    """One document the assessors read for the visit."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="documents_seen")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)

    objects = FrozenContentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class FactualCheck(FrozenContentMixin):
    """The draft letter sent to the school for a factual-accuracy check."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="factual_check")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField()
    nothing_to_correct_at = models.DateTimeField(null=True, blank=True)
    nothing_to_correct_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draft_text = models.TextField(
        blank=True,
        default="",
        help_text="The draft letter as the school was sent it, as plain text (factcheck.letter_text); "
        "empty for a check sent before it was kept.",
    )

    objects = FrozenContentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Factual check of {self.assessment}"


class CheckComment(models.Model):
    """A comment of the school's against one section ("section:<key>") or element
    ("element:<number>") of the draft letter."""

    factual_check = models.ForeignKey(FactualCheck, on_delete=models.CASCADE, related_name="comments")
    target = models.CharField(max_length=40)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.target}: {self.text[:40]}"


class CommentAnswer(models.Model):
    """The lead assessor's answer to a comment: whether the letter was changed, and why."""

    comment = models.OneToOneField(CheckComment, on_delete=models.CASCADE, related_name="answer")
    changed = models.BooleanField()
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{'Changed' if self.changed else 'Not changed'}: {self.text[:40]}"
