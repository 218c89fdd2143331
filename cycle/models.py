"""The award cycle's data: when the award-expiry reminders go (per award level, edited by
directors in the admin), the record of every reminder and digest sent (one row per occasion and
recipient, so nothing is sent twice), and the categories each person turned off."""

from django.conf import settings
from django.db import models

from assessments.kinds import AwardLevel
from cycle.categories import Category


class ExpiryNotice(models.Model):
    """One reminder that an award of a level runs out: `months_before` months before the day it
    runs out, or on that day (0: the award has lapsed)."""

    level = models.ForeignKey(AwardLevel, on_delete=models.CASCADE, related_name="expiry_notices")
    months_before = models.PositiveSmallIntegerField(
        help_text="Months before the award runs out; 0 for the day it has lapsed."
    )

    class Meta:
        ordering = ["level__rank", "-months_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "months_before"],
                name="expirynotice_level_months_unique",
                violation_error_message="This level already has a reminder this many months before.",
            ),
            models.CheckConstraint(
                condition=models.Q(months_before__lte=36),
                name="expirynotice_months_range",
                violation_error_message="A reminder goes at most 36 months before the award runs out.",
            ),
        ]

    def __str__(self) -> str:
        if self.months_before == 0:
            return f"{self.level}: when it has lapsed"
        unit = "month" if self.months_before == 1 else "months"
        return f"{self.level}: {self.months_before} {unit} before"


class Kind(models.TextChoices):
    """What a reminder is for; each belongs to a category a person may turn off."""

    AWARD_EXPIRY = "award_expiry", "Award runs out"
    AWARD_LAPSED = "award_lapsed", "Award has lapsed"
    SELF_EVALUATION_DUE = "self_evaluation_due", "Self-evaluation due"
    SELF_EVALUATION_OVERDUE = "self_evaluation_overdue", "Self-evaluation overdue"
    CHECK_CLOSING = "check_closing", "Factual check closing"
    CHECK_CLOSED = "check_closed", "Factual check closed"
    REPORT_DUE = "report_due", "Report due"
    REPORT_OVERDUE = "report_overdue", "Report overdue"
    ANNUAL_UPDATE = "annual_update", "Annual update due"
    CLUSTER_MEETINGS = "cluster_meetings", "Cluster meetings short"
    DIGEST_DIRECTOR = "digest_director", "Weekly digest (director)"
    DIGEST_ASSESSOR = "digest_assessor", "Weekly digest (assessor)"


KIND_CATEGORY = {
    Kind.AWARD_EXPIRY: Category.AWARD_EXPIRY,
    Kind.AWARD_LAPSED: Category.AWARD_EXPIRY,
    Kind.SELF_EVALUATION_DUE: Category.SELF_EVALUATION,
    Kind.SELF_EVALUATION_OVERDUE: Category.SELF_EVALUATION,
    Kind.CHECK_CLOSING: Category.FACTUAL_CHECK,
    Kind.CHECK_CLOSED: Category.FACTUAL_CHECK,
    Kind.REPORT_DUE: Category.REPORT_DUE,
    Kind.REPORT_OVERDUE: Category.REPORT_DUE,
    Kind.ANNUAL_UPDATE: Category.ANNUAL_UPDATE,
    Kind.CLUSTER_MEETINGS: Category.CLUSTER_MEETINGS,
    Kind.DIGEST_DIRECTOR: Category.DIGEST_DIRECTOR,
    Kind.DIGEST_ASSESSOR: Category.DIGEST_ASSESSOR,
}


class Reminder(models.Model):
    """A reminder or digest sent: its kind, the object it is about (a school, a visit, or the
    recipient for a digest), the occasion (the day it was due to go) and to whom. Written in the
    transaction that sends it; the unique constraints make a second run or a second scheduler
    send nothing twice. A row with no recipient is an occasion that found no one to email: the
    director's digest lists those schools."""

    kind = models.CharField(max_length=40, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(help_text="The school, visit or person it is about.")
    occasion = models.DateField(help_text="The day it was due to go.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True, help_text="The address it went to.")
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True, help_text="Why it went, in a line.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occasion", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "occasion", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="reminder_once_per_recipient",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "occasion"],
                condition=models.Q(recipient__isnull=True),
                name="reminder_unreached_once",
            ),
        ]
        indexes = [models.Index(fields=["occasion", "kind"], name="reminder_occasion_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occasion}) to {self.email or 'no one'}"


class OptOut(models.Model):
    """A category of email a person turned off (every category is on until they do)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    category = models.CharField(max_length=40, choices=Category.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"],
                name="optout_user_category_unique",
                violation_error_message="This email is already turned off.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} does not get {self.get_category_display()}"
