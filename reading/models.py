"""The second reading of a submitted report: the rule a director sets for which reports need one,
the draw that rule makes, the reading itself, the reader's comments anchored in the letter (and
the changes they suggest) and the replies to them.

The rules live in reading.services; anchoring in reading.anchors."""

from django.conf import settings
from django.db import models

from assessments.kinds import VisitKind
from assessments.models import Assessment


class ReadingRule(models.Model):
    """Which reports need a second reading, as a director sets it: every lead assessor's first
    reports, every report of some kinds of visit, and a share of the rest drawn at random. There
    is one row (ReadingRule.current()). Until a director sets it, no report needs a reading."""

    first_reports = models.PositiveSmallIntegerField(
        default=0, help_text="A lead assessor's first reports, this many, are always read."
    )
    kinds = models.ManyToManyField(
        VisitKind, blank=True, related_name="+", help_text="Every report of these kinds is read."
    )
    percentage = models.PositiveSmallIntegerField(
        default=0, help_text="The share of the other reports drawn at random to be read, in per cent."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage__lte=100),
                name="reading_rule_percentage_at_most_100",
                violation_error_message="The share drawn at random is at most 100 per cent.",
            )
        ]

    def __str__(self) -> str:
        return f"First {self.first_reports} reports, {self.percentage}% of the rest"

    @classmethod
    def current(cls) -> "ReadingRule":
        """The rule (made empty, reading nothing, the first time it is asked for)."""
        rule = cls.objects.order_by("pk").first()
        return rule if rule is not None else cls.objects.create()


class Draw(models.Model):
    """One random draw of the rule, for a report that neither its assessor's first reports nor its
    kind sent to a reading: the seed, the share and the outcome. reading.rule.drawn(seed,
    percentage) gives the same outcome again from the seed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reading_draws")
    seed = models.BigIntegerField()
    percentage = models.PositiveSmallIntegerField()
    selected = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Draw {self.seed} at {self.percentage}%: {'read' if self.selected else 'not read'}"


class Reading(models.Model):
    """The second reading of one assessment's report: why it is needed, when it entered the
    readers' queue, and how it ended (signed off by a reader, or overridden by a director with a
    reason)."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for its reading"
        SIGNED_OFF = "signed_off", "Signed off"
        OVERRIDDEN = "overridden", "Overridden by a director"

    class Reason(models.TextChoices):
        FIRST_REPORTS = "first_reports", "One of the assessor's first reports"
        KIND = "kind", "Every report of its kind is read"
        DRAWN = "drawn", "Drawn at random"
        ASKED = "asked", "Asked for by a director"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="reading")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(help_text="When the report entered the readers' queue.")
    round = models.PositiveSmallIntegerField(
        default=1, help_text="The round of comments the reader is writing; each round is sent once."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Second reading of {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Comment(models.Model):
    """A reader's comment on one part of the letter ("summary", "element:<number>",
    "section:<id>", "item:<id>"), on the whole part or on a span of its text: the quoted words,
    their offsets and a little of the text either side when it was made. With `suggestion` it
    proposes new text for the span (or the whole part), which the assessor accepts or rejects."""

    class Suggestion(models.TextChoices):
        NONE = "", "No suggestion"
        OPEN = "open", "Waiting for the assessor"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(max_length=40)
    part_label = models.CharField(max_length=400, help_text="The part's name when the comment was made.")
    quote = models.TextField(blank=True, help_text="The words commented on; empty for the whole part.")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    before = models.CharField(max_length=200, blank=True)
    after = models.CharField(max_length=200, blank=True)
    base_text = models.TextField(blank=True, help_text="The part's whole text when the comment was made.")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    round = models.PositiveSmallIntegerField(default=1)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion = models.TextField(blank=True)
    suggestion_state = models.CharField(max_length=20, choices=Suggestion.choices, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.part}: {self.text[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_suggestion(self) -> bool:
        return bool(self.suggestion_state)


class Reply(models.Model):
    """A reply in a comment's thread, by the reader, an assessor or a director."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
