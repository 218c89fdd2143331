"""Downloading an issued report: the stored file, byte for byte — never a new rendering."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports.access import issued_report_for_viewer
from reports.issuing import stored_pdf
from reports.models import IssuedReport


def issued_report_response(
    request: HttpRequest, report: IssuedReport, *, as_attachment: bool
) -> HttpResponse:
    """The stored PDF of an issued report, byte for byte, named like
    IQM-report-The-Heath-School-2010-07.pdf: as an attachment, or inline to open in the browser.

    The file is checked against its SHA-256 first: a file that is missing or has changed is
    not served, and the page says so (the error is logged for IQM to act on)."""
    content = stored_pdf(report)
    if content is None:
        return render(request, "reports/issued_report_unavailable.html", {"report": report}, status=503)
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=as_attachment,
        filename=report.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def issued_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF as an attachment (see issued_report_response)."""
    report = issued_report_for_viewer(request.user, pk)
    return issued_report_response(request, report, as_attachment=True)
