"""The kinds of email the schedule sends, each a category a person may turn off (on the page
"Emails you get") and that names the email in the record of what was sent. Emails that carry the
work itself (a report issued, a check sent, a report returned) are category "work" and always go:
they are not listed here."""

from django.db import models

from accounts.models import SCHOOL_ROLES, Role


class Category(models.TextChoices):
    """What an email of the schedule is about; the value is the category accounts.emails.send
    records."""

    AWARD_EXPIRY = "reminder:award_expiry", "The school's award running out"
    SELF_EVALUATION = "reminder:self_evaluation", "The self-evaluation due and overdue"
    FACTUAL_CHECK = "reminder:factual_check", "The factual check closing and closed"
    ANNUAL_UPDATE = "reminder:annual_update", "A Centre of Excellence's annual update due"
    CLUSTER_MEETINGS = "reminder:cluster_meetings", "A Flagship school short of cluster meetings"
    REPORT_DUE = "reminder:report_due", "The report due after a visit"
    DIGEST_DIRECTOR = "digest:director", "The weekly digest for directors"
    DIGEST_ASSESSOR = "digest:assessor", "The weekly digest for assessors"


SCHOOL_CATEGORIES = (
    Category.AWARD_EXPIRY,
    Category.SELF_EVALUATION,
    Category.FACTUAL_CHECK,
    Category.ANNUAL_UPDATE,
    Category.CLUSTER_MEETINGS,
)


def categories_for(user) -> list[Category]:
    """The categories a user can receive, by role: a school's people get the school's reminders,
    an assessor the report reminders and their digest, a director the director's digest."""
    if user.role in SCHOOL_ROLES:
        return list(SCHOOL_CATEGORIES)
    if user.role == Role.ASSESSOR:
        return [Category.REPORT_DUE, Category.DIGEST_ASSESSOR]
    if user.role == Role.DIRECTOR:
        return [Category.DIGEST_DIRECTOR]
    return []
