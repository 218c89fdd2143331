"""The public verification page of an issued letter, /verify/<code>/: anyone may open it without
signing in, and upload a PDF to check it against what IQM issued under that code. /verify/ asks
for the code and leads there.

An unknown code (or text that cannot be a code) is a plain 404 that says nothing more. Every
request counts towards a per-client hourly limit (accounts.throttling.verify_refusal). An
uploaded file is read into memory only, up to IQM_VERIFY_MAX_UPLOAD_BYTES, and never stored.
"""

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from accounts.throttling import client_ip, verify_refusal
from assessments.uploads import declared_too_large, limit_uploads
from pagecache import render as pagecache
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


def _context(report: IssuedReport | verification.IssuedLetter, *, check=None, error: str = "") -> dict:
    return {
        "details": verification.page_details(report),
        "status": verification.letter_status(report),
        "check": check,
        "upload_error": error,
        "limit_label": _limit_label(),
        "published": publishing.is_published(report),
    }


def _page(request: HttpRequest, report: IssuedReport, *, check=None, error: str = "", status: int = 200):
    return render(request, "reports/verify.html", _context(report, check=check, error=error), status=status)


def _cached_page(request: HttpRequest, code: str) -> HttpResponse:
    """The page without an upload, its blocks from the shared cache (pagecache) when one is
    configured: what was issued never changes; whether it is superseded, expired or published
    moves with the lists (a report issued, a publication changed) or the day (in every key)."""
    report_pk = verification.report_pk_for_code(code)
    if not report_pk:
        raise Http404("No such letter.")

    def context() -> dict:
        return _context(verification.issued_letter(report_pk))

    return pagecache.render_page(
        request, "reports/verify.html", context, name="verify", parts=(report_pk,), topics=[pagecache.LISTS]
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
    if request.method != "POST":
        return _cached_page(request, code)
    report = verification.report_for_code(code)
    if report is None:
        raise Http404("No such letter.")
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


class CodeForm(forms.Form):
    """The verification code as someone types it from a letter: spaces and hyphens, lower case
    and the letters Crockford's alphabet reads as digits (O, I, L) are all taken."""

    code = forms.CharField(
        label="Verification code",
        error_messages={"required": "Type the verification code printed on the letter."},
    )

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"]
        code = verification.normalise_code(typed)
        if code is None:
            raise forms.ValidationError(
                "A verification code is 10 letters and digits, such as ABCDE-12345; "
                f"“{typed.strip()[:40]}” is not one. Check it against the letter."
            )
        if not IssuedReport.objects.filter(verification_code=code).exists():
            raise forms.ValidationError(
                f"No letter was issued with the code {verification.display_code(code)}. "
                "Check it against the letter."
            )
        return code


@require_http_methods(["GET", "HEAD"])
@never_cache
def verify_start(request: HttpRequest) -> HttpResponse:
    """/verify/: a form for the code printed on a letter, which leads to /verify/<code>/."""
    refused = throttled(request)
    if refused:
        return refused
    if "code" not in request.GET:
        return render(request, "reports/verify_start.html", {"form": CodeForm()})
    form = CodeForm(request.GET)
    if form.is_valid():
        return redirect("verify_letter", form.cleaned_data["code"])
    return render(request, "reports/verify_start.html", {"form": form}, status=400)
