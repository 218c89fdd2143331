"""Issuing a report: render the confirmed assessment's letter once, store the PDF through
Django's storage API and record its SHA-256, size and revision.

Only the confirmation service (assessments.services.assessment_confirm) calls `report_issue`,
through the hook registered here (issue_on_confirm),
inside the transaction that holds the assessment's row lock, so an assessment is issued at
most once. The stored file is never overwritten: its path names the assessment and the
revision, and the storage picks another name rather than replace an existing file.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from assessments import parts
from assessments.models import Assessment
from assessments.services import WorkflowError
from reports import letter
from reports.letter import RenderError
from reports.models import IssuedReport
from reports.signing import SigningUnavailable, sign_pdf
from reports.verification import new_unused_code

logger = logging.getLogger(__name__)


def storage_path(assessment: Assessment, sha256: str) -> str:
    """Where the PDF goes: "issued-reports/assessment-12/revision-1/3f2a…c9.pdf"."""
    return f"issued-reports/assessment-{assessment.pk}/revision-{assessment.revision}/{sha256[:16]}.pdf"


def download_name(assessment: Assessment) -> str:
    """ "IQM-report-The-Heath-School-2010-07.pdf"; later revisions say which they are."""
    name = letter.filename(assessment)
    if assessment.revision > 1:
        name = name.removesuffix(".pdf") + f"-revision-{assessment.revision}.pdf"
    return name


def report_issue(*, assessment: Assessment, by) -> IssuedReport:
    """Render the confirmed assessment's letter, store it and record it; returns the report.

    The caller holds the assessment's row lock and has already set it confirmed, so the letter
    prints the confirming director.

    The letter prints its verification code (reports.verification), so the code is chosen
    first; the rendered PDF is then signed (reports.signing), and the SHA-256 recorded is the
    signed file's. Without a signing key this raises SigningUnavailable and nothing is issued."""
    code = new_unused_code()
    pdf = sign_pdf(letter.render_pdf(assessment, draft=False, verification_code=code))
    # The web page of the letter, kept with it: it reads as the PDF does, whatever changes later.
    page_body = letter.render_page_body(assessment, verification_code=code)
    sha256 = hashlib.sha256(pdf).hexdigest()
    name = default_storage.save(storage_path(assessment, sha256), ContentFile(pdf))
    try:
        return IssuedReport.objects.create(
            assessment=assessment,
            revision=assessment.revision,
            file=name,
            filename=download_name(assessment),
            sha256=sha256,
            verification_code=code,
            letter_html=page_body,
            size=len(pdf),
            created_at=timezone.now(),
            created_by=by,
        )
    except Exception:
        # Nothing refers to the file: remove it rather than leave an orphan behind.
        default_storage.delete(name)
        raise


def stored_pdf(report: IssuedReport) -> bytes | None:
    """The stored file's bytes, if they are still the ones issued (the recorded SHA-256); None
    when the file is missing or has changed. One read of the store: the bytes checked are
    the bytes served."""
    try:
        with default_storage.open(report.file.name, "rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        logger.error("Issued report %s: the stored file %s is missing", report.pk, report.file.name)
        return None
    if hashlib.sha256(content).hexdigest() != report.sha256:
        logger.error("Issued report %s: the stored file %s has changed", report.pk, report.file.name)
        return None
    return content


def issue_on_confirm(*, assessment: Assessment, by) -> None:
    """Issue the report as the assessment is confirmed (the core's confirmation runs it, through
    assessments.parts); a letter that cannot be rendered (too long to render in time) or signed
    (no signing key configured) is a WorkflowError, which undoes the confirmation with the rest
    of the transaction."""
    try:
        report_issue(assessment=assessment, by=by)
    except (RenderError, SigningUnavailable) as error:
        raise WorkflowError(f"{error} The assessment was not confirmed and no report was issued.") from error


def register() -> None:
    """Register the letter with the core's registry (from ReportsConfig.ready())."""
    parts.register(parts.Part(key="letter", on_confirmed=issue_on_confirm))
