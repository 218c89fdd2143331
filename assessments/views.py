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
    """The director's home: assessments waiting for review first."""
    assessments = Assessment.objects.select_related("school").order_by("status", "-visit_start")[:50]
    return render(request, "assessments/director_home.html", {"assessments": assessments})
