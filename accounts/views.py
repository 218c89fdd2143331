from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page, which depends on their role."""
    user = request.user
    if user.is_assessor:
        from assessments.views import assessor_home

        return assessor_home(request)
    if user.is_director:
        from assessments.views import director_home

        return director_home(request)
    if user.is_headteacher:
        from schools.views import headteacher_portal

        return headteacher_portal(request)
    return render(request, "accounts/home.html")
