"""The public verification page of an issued letter, /verify/<code>/: anyone may open it without
signing in, and upload a PDF to check it against what IQM issued under that code.

An unknown code (or text that cannot be a code) is a plain 404 that says nothing more. Every
request counts towards a per-client hourly limit (accounts.throttling.verify_refusal). An
uploaded file is read into memory only, up to IQM_VERIFY_MAX_UPLOAD_BYTES, and never stored.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from accounts.throttling import client_ip, verify_refusal
from assessments.uploads import declared_too_large, limit_uploads
from reports import publishing, verification
from reports.models import IssuedReport


def throttled(request: HttpRequest) -> HttpResponse | None:
    """Count the request towards the public pages' hourly limit; the 429 page once past it."""
    refusal = verify_refusal(client=client_ip(request))
    if refusal:
        return render(request, "reports/verify_throttled.html", {"reason": refusal}, status=429)
    return None


def _limit_label() -> str:
    return f"{settings.IQM_VERIFY_MAX_UPLOAD_BYTES / (1024 * 1024):g} MB"


def _page(request: HttpRequest, report: IssuedReport, *, check=None, error: str = "", status: int = 200):
    return render(
        request,
        "reports/verify.html",
        {
            "details": verification.page_details(report),
            "status": verification.letter_status(report),
            "check": check,
            "upload_error": error,
            "limit_label": _limit_label(),
            "published": publishing.is_published(report),
        },
        status=status,
    )


@csrf_protect
def _upload(request: HttpRequest, report: IssuedReport) -> HttpResponse:
    handler = request.upload_handlers[0]
    uploaded = request.FILES.get("letter")
    if handler.too_large:
        return _page(
            request,
            report,
            error=f"The file is larger than {_limit_label()}: no letter IQM issues is that large.",
            status=413,
        )
    if uploaded is None:
        return _page(request, report, error="Choose the PDF file of the letter to check.", status=400)
    content = uploaded.read()
    if not content:
        return _page(request, report, error="The file is empty.", status=400)
    return _page(request, report, check=verification.upload_check(report, content))


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # _upload checks the token itself, after the upload handlers are set
@never_cache
def verify_letter(request: HttpRequest, code: str) -> HttpResponse:
    """What IQM issued under this code, whether it is current, and a form to check a PDF."""
    refused = throttled(request)
    if refused:
        return refused
    report = verification.report_for_code(code)
    if report is None:
        raise Http404("No such letter.")
    if request.method != "POST":
        return _page(request, report)
    limit = settings.IQM_VERIFY_MAX_UPLOAD_BYTES
    if declared_too_large(request, limit):
        # Refused before a byte of the body is read.
        return _page(
            request,
            report,
            error=f"The file is larger than {_limit_label()}: no letter IQM issues is that large.",
            status=413,
        )
    limit_uploads(request, limit)
    return _upload(request, report)
