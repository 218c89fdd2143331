"""The issued letter as a web page, its publication, and its badge.

    issued_letter(pk)         /reports/issued/<pk>/letter/   the school's staff and IQM, signed in
    publish_letter(pk)        /reports/issued/<pk>/publish/  POST, the school's headteacher
    public_letter(code)       /verify/<code>/letter/         anyone, once the school publishes it
    public_letter_pdf(code)   /verify/<code>/letter.pdf      the stored PDF, likewise
    badge(code)               /verify/<code>/badge.svg       anyone: the award level and year

The page's letter is the PDF's template body, rendered with the PDF at issue and kept with the
report (IssuedReport.letter_html), so it reads as the PDF does. An unknown code, or a letter the school has not published, is a plain 404.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from assessments.dates import british_date
from assessments.models import Assessment
from pagecache import render as pagecache
from reports import badge as badges
from reports import letter, publishing, verification
from reports.access import issued_report_for_viewer
from reports.downloads import issued_report_response
from reports.models import IssuedReport
from reports.verify_views import throttled


def _letter_context(user, report: verification.IssuedLetter, *, public: bool) -> dict:
    coded = bool(report.verification_code)
    # The body kept at issue; a letter issued before it was kept is rendered afresh from its
    # frozen assessment (read whole for it, as the letter reads it: one query more for those).
    body = report.letter_html or letter.render_page_body(
        Assessment.objects.select_related("school", "kind__award_level").get(pk=report.assessment_id),
        verification_code=report.verification_code,
    )
    status = verification.letter_status(report)
    facts = badges.badge_facts(report, status) if coded else None
    return {
        "report": report,
        "public": public,
        "letter_body": mark_safe(body),  # noqa: S308 — our own template's output, escaped when rendered
        "school_name": report.school_letter_name,
        "kind_name": report.kind_name,
        "letter_date": british_date(report.letter_date),
        "verification_details": verification.page_details(report) if coded else None,
        "verification_url": verification.verification_url(report.verification_code) if coded else "",
        "status": status,
        # The public page's letter is published: the view answers 404 for any other.
        "published": True if public else publishing.is_published(report),
        "may_publish": publishing.may_publish_letter(
            user, school_id=report.school_id, code=report.verification_code
        ),
        "badge": facts if facts and facts.awarded else None,
        "badge_snippet": badges.badge_snippet(report, facts) if facts and facts.awarded else "",
        "public_url": verification.public_address("verify_letter_html", report.verification_code)
        if coded
        else "",
    }


def _letter_page(request: HttpRequest, report_pk: int, *, public: bool) -> HttpResponse:
    """The letter page, its blocks from the shared cache (pagecache) when one is configured: an
    issued letter never changes, but whether it is superseded, expired or published does — a
    new revision issued, a publication changed (LISTS) or another day (part of every key). The
    viewer's access fingerprint is part of the key: whether they may publish it."""

    def context() -> dict:
        return _letter_context(request.user, verification.issued_letter(report_pk), public=public)

    viewer = None if public else request.user.access_fingerprint
    return pagecache.render_page(
        request,
        "reports/issued_letter.html",
        context,
        name="issued-letter",
        parts=(report_pk, public, viewer),
        topics=[pagecache.LISTS],
        blocks=pagecache.PAGE_BLOCKS_WITH_ASSETS,
    )


@login_required
@require_safe
@never_cache
def issued_letter(request: HttpRequest, pk: int) -> HttpResponse:
    report = issued_report_for_viewer(request.user, pk)
    return _letter_page(request, report.pk, public=False)


@login_required
@require_POST
def publish_letter(request: HttpRequest, pk: int) -> HttpResponse:
    report = issued_report_for_viewer(request.user, pk)
    choice = request.POST.get("published")
    if choice not in ("yes", "no"):
        messages.error(request, "Choose whether to publish the letter.")
        return redirect("issued_letter", pk=report.pk)
    try:
        publishing.set_published(report, request.user, choice == "yes")
    except publishing.PublishingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("issued_letter", pk=report.pk)
    if choice == "yes":
        messages.success(request, "The letter is published: anyone with its address can read it.")
    else:
        messages.success(request, "The letter is no longer published: only your school and IQM can read it.")
    return redirect("issued_letter", pk=report.pk)


def _published(view):
    """The view, given the id of the published letter the code names: after the public pages'
    throttle (429), and a plain 404 for an unknown code or a letter the school has not
    published. Which letter a code names, and whether it is published, is kept in the shared
    cache until the lists change (a publication is part of LISTS)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, code: str) -> HttpResponse:
        refused = throttled(request)
        if refused:
            return refused
        report_pk = verification.report_pk_for_code(code, published=True)
        if not report_pk:
            raise Http404("No such letter.")
        return view(request, report_pk)

    return wrapper


@require_safe
@never_cache
@_published
def public_letter(request: HttpRequest, report_pk: int) -> HttpResponse:
    return _letter_page(request, report_pk, public=True)


@require_safe
@never_cache
@_published
def public_letter_pdf(request: HttpRequest, report_pk: int) -> HttpResponse:
    return issued_report_response(request, IssuedReport.objects.get(pk=report_pk), as_attachment=False)


@require_safe
def badge(request: HttpRequest, code: str) -> HttpResponse:
    """The badge image of a letter that made an award. Shown on the school's own pages to every
    visitor, so a found badge is not throttled (browsers and proxies keep it an hour); a miss
    counts towards the public pages' limit like any other, so codes cannot be tried here."""
    report = verification.report_for_code(code)
    facts = badges.badge_facts(report) if report is not None else None
    if facts is None or not facts.awarded:
        refused = throttled(request)
        if refused:
            return refused
        raise Http404("No such badge.")
    response = HttpResponse(badges.badge_svg(facts), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    # Other sites show it: allow it to be embedded cross-origin.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
