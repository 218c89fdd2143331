"""Downloading an issued report: the stored file, byte for byte — never a new rendering."""

import io

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.models import Assessment
from reports.issuing import stored_pdf
from reports.models import IssuedReport


def issued_report_for_viewer(user, pk: int) -> IssuedReport:
    """The issued report, if the user may see its assessment (Assessment.objects.visible_to:
    directors, its assigned assessors and the school's staff — its headteachers and school
    users; an issued report's assessment is always confirmed, the only kind the school's staff
    see). Anyone else gets 404.

    One query, which reads only the report's own row, or none when the same user, with the
    same role and school, was shown the same report before. A refusal is never kept: a report
    id that does not exist yet may be issued later."""
    # An issued report never changes and is never deleted (reports.models), and the assessment
    # it belongs to is confirmed, so frozen: who may see it changes only when the viewer does.
    # A decision to show it is kept in the process's own memory under the viewer's fingerprint.
    key = f"issued-report:{pk}:seen-by:{user.access_fingerprint}"
    remembered = caches["immutable"]
    report = remembered.get(key)
    if report is None:
        report = IssuedReport.objects.filter(
            pk=pk, assessment__in=Assessment.objects.visible_to(user)
        ).first()
        if report is None:
            raise Http404("No such report.")
        remembered.set(key, report)
    return report


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
