"""The letter, previewed: as a web page and as a PDF, for an assessment's assigned assessors and
for directors. Anyone else gets 404; headteachers never see a draft."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessments import parts as registry
from assessments.access import assessment_for_team
from reports import letter
from reports.downloads import issued_report_response
from reports.models import IssuedReport


@require_safe
@login_required
@never_cache
def preview_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as a web page, from the same template body as the PDF, with links to the PDF."""
    assessment = assessment_for_team(request.user, pk)
    context = letter.gather_context(assessment, draft=not assessment.is_confirmed)
    # The page has its own <h1>, so the letter's sections are <h2> and their parts <h3>.
    context.update(section_level=2, subsection_level=3, assessment=assessment)
    context["part_panels"] = registry.panels("letter_preview", assessment, request.user)
    return render(request, "reports/preview.html", context)


@require_safe
@login_required
@never_cache
def preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter of an assessment as a PDF, marked DRAFT on every page unless confirmed; for
    its assessors and directors only.

    An issued letter is never rendered again: a confirmed assessment's PDF is the stored file
    of its issued report, byte for byte, as the download serves it."""
    assessment = assessment_for_team(request.user, pk)
    draft = not assessment.is_confirmed
    if not draft:
        issued = IssuedReport.objects.filter(assessment=assessment).first()
        if issued is not None:
            issued.assessment = assessment
            return issued_report_response(request, issued, as_attachment=False)
    try:
        pdf = letter.render_pdf(assessment, draft=draft)
    except letter.RenderError as error:
        # Too long to render (or the renderer failed): a page that says so, not a worker timeout.
        return render(
            request,
            "reports/letter_unavailable.html",
            {"assessment": assessment, "reason": str(error)},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.filename(assessment, draft=draft)}"'
    return response
