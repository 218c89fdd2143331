"""The directors' pages for cluster meetings: the list, adding one, editing one with the schools
that attended it, and deleting one. Directors only; anyone else gets 404. The rules live in
clusters.services; these views read a form, call a service and redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from clusters import access, services
from clusters.forms import MeetingForm
from clusters.models import Attendance, ClusterMeeting

PAGE_SIZE = 25


def _save(request, form: MeetingForm, meeting: ClusterMeeting | None):
    """The meeting written through the service, or None with the service's refusal on the form."""
    data = form.cleaned_data
    fields = {name: data[name] for name in ("date", "place", "online", "title", "notes")}
    try:
        if meeting is None:
            return services.meeting_create(by=request.user, schools=data["schools"], **fields)
        return services.meeting_edit(meeting=meeting, by=request.user, schools=data["schools"], **fields)
    except services.ClusterError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None


@director_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every cluster meeting, the newest first, with the schools that attended, a page at a time."""
    meetings = (
        ClusterMeeting.objects.annotate(school_count=Count("attendances"))
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("school").order_by(
                    "school__name", "school__postcode"
                ),
            )
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clusters/meeting_list.html", {"page": page})


@director_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Record a cluster meeting and the schools that attended it."""
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting = _save(request, form, None)
        if meeting is not None:
            messages.success(request, "The cluster meeting is recorded.")
            return redirect("cluster_meeting_list")
    return render(request, "clusters/meeting_form.html", {"form": form, "meeting": None})


@director_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting's details and tick the schools that attended it."""
    meeting = access.meeting_for_director(request.user, pk)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid() and _save(request, form, meeting) is not None:
            messages.success(request, "The cluster meeting is saved.")
            return redirect("cluster_meeting_list")
    else:
        form = MeetingForm(
            initial={
                "date": meeting.date,
                "title": meeting.title,
                "place": meeting.place,
                "online": meeting.online,
                "notes": meeting.notes,
                "schools": [a.school_id for a in meeting.attendances.all()],
            }
        )
    return render(request, "clusters/meeting_form.html", {"form": form, "meeting": meeting})


@director_required
@require_POST
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a meeting and its record of who attended."""
    meeting = access.meeting_for_director(request.user, pk)
    try:
        services.meeting_delete(meeting=meeting, by=request.user)
    except services.ClusterError as error:
        messages.error(request, str(error))
        return redirect("cluster_meeting_edit", pk=meeting.pk)
    messages.success(request, "The cluster meeting is deleted.")
    return redirect("cluster_meeting_list")
