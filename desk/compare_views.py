"""The director's page comparing a school's visits element by element (assessments.compare)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.decorators import director_required
from assessments.compare import school_comparison
from schools.models import School


@director_required
@require_safe
def school_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Each confirmed visit's findings, one column per visit, one row per element."""
    school = School.objects.visible_to(request.user).filter(pk=pk).first()
    if school is None:
        raise Http404("No such school.")
    return render(
        request, "schools/compare.html", {"school": school, "comparison": school_comparison(school)}
    )
