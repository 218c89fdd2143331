"""Pages for assessors and directors."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import Assessment


@login_required
def assessor_home(request: HttpRequest) -> HttpResponse:
    """The assessor's home: the assessments they are assigned to."""
    assessments = Assessment.objects.assigned_to(request.user).select_related("school")
    return render(request, "assessments/assessor_home.html", {"assessments": assessments})


@login_required
def director_home(request: HttpRequest) -> HttpResponse:
    """The director's home: assessments waiting for review first, then visits coming up,
    assessments in draft, and awards expiring within six months; each list cut short with a
    link to the whole of it. A fixed number of queries."""
    from django.http import Http404
    from django.utils import timezone

    from assessments.review import home_sections

    if not request.user.is_director:
        raise Http404("No such page.")
    sections = home_sections(timezone.localdate())
    return render(request, "assessments/director_home.html", {"sections": sections})
