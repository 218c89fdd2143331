"""Publishing an issued letter: the school's choice to let anyone read it as a web page at
/verify/<code>/letter/, beside the verification page that is always public.

    may_publish(user, report)           → whether the user decides this for the school
    is_published(report)                → whether the public may read the letter's page
    set_published(report, user, on)     → records the choice (its history keeps every change)

The school's headteacher decides; their colleagues, IQM's staff and the public do not. A letter
that carries no verification code (issued before codes existed) has no public address, so it
cannot be published.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from prepared import Prepared
from reports.models import IssuedReport, LetterPublication


class PublishingRefused(Exception):
    """str(error) says why, in words for the page."""


def may_publish(user, report: IssuedReport) -> bool:
    """The headteacher of the letter's school, for a letter with a verification code."""
    return may_publish_letter(user, school_id=report.assessment.school_id, code=report.verification_code)


def may_publish_letter(user, *, school_id: int, code: str | None) -> bool:
    """may_publish of the letter of the school `school_id` with the verification code `code`."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_headteacher
        and user.school_id == school_id
        and code
    )


# Whether an issued letter is published; compiled once (prepared).
_PUBLISHED = Prepared(
    lambda report_id: LetterPublication.objects.filter(report_id=report_id, published=True).values_list("pk")[
        :1
    ]
)


def is_published(report: IssuedReport) -> bool:
    return is_published_letter(report.pk)


def is_published_letter(report_id: int) -> bool:
    """is_published of the report `report_id`. One query."""
    return bool(_PUBLISHED(report_id=report_id))


@transaction.atomic
def set_published(report: IssuedReport, user, published: bool) -> LetterPublication:
    """Publish the letter (or take it down again), as `user` decided. Raises PublishingRefused
    when the user may not decide this for the school."""
    if not may_publish(user, report):
        if not report.verification_code:
            raise PublishingRefused("This letter was issued before letters had a public address.")
        raise PublishingRefused("Only the school's headteacher decides whether its letter is published.")
    # The report's row is the lock: two first choices at once would both insert otherwise.
    IssuedReport.objects.select_for_update().filter(pk=report.pk).first()
    row = LetterPublication.objects.filter(report=report).first()
    if row is None:
        row = LetterPublication(report=report)
    elif row.published == published:
        return row
    row.published = published
    row.changed_at = timezone.now()
    row.changed_by = user
    row.save()
    return row
