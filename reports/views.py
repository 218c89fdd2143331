"""Letter previews and downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from assessments.access import assessment_for_team
from reports import letter


@login_required
def preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter of an assessment as a PDF, marked DRAFT unless confirmed; for its assessors
    and directors only."""
    assessment = assessment_for_team(request.user, pk)
    pdf = letter.render_pdf(assessment, draft=not assessment.is_confirmed)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{letter.filename(assessment, draft=not assessment.is_confirmed)}"'
    )
    return response
