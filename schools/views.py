"""Pages about schools, and the headteacher's portal."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import Assessment


@login_required
def headteacher_portal(request: HttpRequest) -> HttpResponse:
    """The headteacher's portal: their school's award and issued reports."""
    school = request.user.school
    reports = Assessment.objects.visible_to(request.user).filter(school=school)
    return render(request, "schools/headteacher_portal.html", {"school": school, "reports": reports})
