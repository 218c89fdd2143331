"""Reading the outbox for its pages: a fixed number of queries, however many emails."""

from django.db.models import QuerySet

from outbox.models import Email, category_label

PAGE_SIZE = 50
# "Not yet sent": everything the outbox has not delivered, whether it still tries or gave up.
UNSENT = "unsent"


def status_choices() -> list[tuple[str, str]]:
    return [("", "Any"), (UNSENT, "Not yet sent"), *Email.Status.choices]


def category_choices() -> list[tuple[str, str]]:
    """Every kind of email the outbox holds, by its words (one query)."""
    found = Email.objects.order_by().values_list("category", flat=True).distinct()
    return [("", "Any"), *sorted(((c, category_label(c)) for c in found), key=lambda pair: pair[1])]


def emails_filtered(emails: QuerySet, *, status: str = "", category: str = "") -> QuerySet:
    """The emails, newest first, of the status (or all not yet sent) and kind given."""
    if status == UNSENT:
        emails = emails.exclude(status=Email.Status.SENT)
    elif status:
        emails = emails.filter(status=status)
    if category:
        emails = emails.filter(category=category)
    return emails.select_related("user", "school").order_by("-created", "-id")


def emails_for_school(school_id: int) -> QuerySet:
    """What was sent about the school to its own people, newest first."""
    return Email.objects.to_school(school_id).select_related("user").order_by("-created", "-id")
