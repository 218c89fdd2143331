"""The outbox: one row for every email the app sends, written before it is sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The kinds of email, as accounts.emails.send names them; a kind not listed here (another app's
# reminder, say) is shown by its name.
CATEGORY_LABELS = {
    "work": "Work",
    "account": "Account",
    "reminder": "Reminder",
    "digest": "Digest",
}


def category_label(category: str) -> str:
    """The words for a kind of email."""
    return CATEGORY_LABELS.get(category) or category.replace("_", " ").replace("-", " ").capitalize()


class EmailQuerySet(models.QuerySet):
    def unsent(self):
        """The emails not sent yet that the outbox still tries."""
        return self.filter(status__in=(Email.Status.QUEUED, Email.Status.RETRYING))

    def to_school(self, school_id: int):
        """The emails about the school sent to its own people: what its staff may see."""
        return self.filter(school_id=school_id, user__school_id=school_id)


class Email(models.Model):
    """One email to one address: who it is to (the user, when the address is one), what it is
    about (its kind and the school it concerns), its rendered bodies, and how sending it went.
    Written in the transaction that sends it; a task delivers it once that has committed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Not yet sent: trying again"
        GAVE_UP = "gave_up", "Not sent: gave up"

    to_address = models.EmailField("to", max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_email = models.TextField()
    subject = models.TextField()
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Any other header the message carried (Reply-To, say), as it carried it.
    headers = models.JSONField(default=dict, blank=True)
    category = models.CharField(max_length=40, default="work")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # What went wrong the last time, in a director's words, and the mail server's own.
    last_error = models.TextField(blank=True)
    last_error_detail = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["-created", "-id"], name="outbox_email_newest"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_email_unsent"),
            models.Index(fields=["school", "-created"], name="outbox_email_school"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT
