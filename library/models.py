"""The statement library and the spelling check's project word list."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from assessments import limits
from assessments.models import Element
from library.kinds import ELEMENT_KINDS, ListKind

MAX_THEME_LENGTH = 60
MAX_WORD_LENGTH = 60


class Theme(models.Model):
    """A theme a director tags statements with ("attendance", "wellbeing")."""

    name = models.CharField(max_length=MAX_THEME_LENGTH, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    WRITTEN = "written", "Written by a director"
    ADOPTED = "adopted", "Adopted from confirmed letters"
    SEEDED = "seeded", "From the demo's letters"


class StatementQuerySet(models.QuerySet):
    def current(self):
        """Statements not retired: the ones search finds."""
        return self.filter(retired_at__isnull=True)


class LibraryStatement(models.Model):
    """A reusable statement for one list (and, for a strength or an area for development, one
    element of a framework, or any element when none is named). Inserting one copies its text
    into the letter: the letter keeps the text, so editing or retiring a statement changes no
    letter. Retired statements are kept, hidden from search."""

    kind = models.CharField(max_length=20, choices=ListKind.choices)
    element = models.ForeignKey(
        Element, on_delete=models.PROTECT, null=True, blank=True, related_name="library_statements"
    )
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="statements")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WRITTEN)
    uses = models.PositiveIntegerField(default=0, help_text="How many times assessors inserted it.")
    retired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "text", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="library_statement_text_not_empty",
                violation_error_message="A statement needs some text.",
            ),
            models.CheckConstraint(
                condition=models.Q(element__isnull=True) | models.Q(kind__in=sorted(ELEMENT_KINDS)),
                name="library_statement_element_only_for_element_lists",
                violation_error_message="Only a strength or an area for development belongs to an element.",
            ),
        ]
        # PostgreSQL's full-text index (GIN on to_tsvector('english', text)) is made by
        # migration 0002 on PostgreSQL alone.

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def clean(self) -> None:
        problem = limits.length_problem(self.text, limits.MAX_ITEM_LENGTH, "A statement")
        if problem:
            raise ValidationError({"text": problem})
        if not self.text.strip():
            raise ValidationError({"text": "A statement needs some text."})
        if self.element_id and self.kind not in ELEMENT_KINDS:
            raise ValidationError(
                {"element": "Only a strength or an area for development belongs to an element."}
            )


class ProjectWord(models.Model):
    """A word of the field the spelling check accepts (SENCO, CAMHS, EHCP …), beside the
    dictionary's; directors add to the list. Matched without regard to case."""

    word = models.CharField(max_length=MAX_WORD_LENGTH, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
