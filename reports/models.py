"""Issued reports: the stored PDF of each confirmed assessment.

A report is issued once, when a director confirms the assessment (reports.issuing), and is
never changed afterwards: a correction is a new revision of the assessment, with an issued
report of its own, and the earlier file stays where it is.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class IssuedReportError(Exception):
    """Raised when something tries to change or delete an issued report."""


def file_size_label(size: int) -> str:
    """A file's size as the pages print it: "212 KB", "1.4 MB"."""
    kilobytes = max(1, round(size / 1024))
    return f"{kilobytes / 1024:.1f} MB" if kilobytes >= 1024 else f"{kilobytes} KB"


class IssuedReportQuerySet(models.QuerySet):
    # Bulk writes skip save() and delete(); an issued report is never changed by any path.
    def update(self, **kwargs) -> int:
        raise IssuedReportError("An issued report is never changed.")

    def delete(self):
        raise IssuedReportError("An issued report is never deleted.")


class IssuedReport(models.Model):
    """The PDF letter issued for one confirmed assessment: the stored file (Django's storage
    API, so a shared store can replace the file system), its SHA-256 and size, the revision of
    the assessment it belongs to, and who issued it when."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="issued_report"
    )
    revision = models.PositiveSmallIntegerField()
    file = models.FileField(max_length=300, help_text="The stored PDF; its name is its path in storage.")
    filename = models.CharField(max_length=200, help_text="The name the download is saved under.")
    sha256 = models.CharField(max_length=64, help_text="Of the signed file, as stored.")
    verification_code = models.CharField(
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Printed on the letter: /verify/<code>/ shows what IQM issued (reports.verification). "
        "Letters issued before codes existed have none.",
    )
    letter_html = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="The letter's body as its web page shows it, rendered with the PDF at issue "
        "(reports.letter.render_page_body), so the page reads as the PDF does for good. "
        "Letters issued before it was kept have none, and their page is rendered afresh.",
    )
    size = models.PositiveIntegerField(help_text="In bytes.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = IssuedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} (revision {self.revision})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise IssuedReportError(f"Issued report {self.pk} is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssuedReportError(f"Issued report {self.pk} is never deleted.")

    @property
    def size_label(self) -> str:
        """ "212 KB"."""
        return file_size_label(self.size)


class LetterPublication(models.Model):
    """The school's choice to let anyone read an issued letter as a web page, at
    /verify/<code>/letter/ (reports.publishing). Without a row, or with `published` off, only
    the school's staff and IQM read it there. Its history keeps every change of mind."""

    report = models.OneToOneField(IssuedReport, on_delete=models.PROTECT, related_name="publication")
    published = models.BooleanField(default=False)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.report}: {'published' if self.published else 'not published'}"
