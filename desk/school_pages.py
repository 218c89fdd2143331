"""Pages about schools: the directors' list, details, forms and headteacher logins, and the
headteacher's portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from accounts.models import Role, User
from accounts.password_reset import ResetPasswordConfirmView
from assessments.awards import award_status
from assessments.models import Assessment, Status
from clusters.services import attendance_by_year
from desk.school_selectors import portal_reports, portal_school_name, school_rows_html, school_search_page
from factcheck.home import school_checks
from pagecache import render as pagecache
from schools import services
from schools.access import school_for_director
from schools.forms import HeadteacherLoginForm, SchoolForm, SchoolSearchForm
from selfeval.services import open_visits


@director_required
@require_safe
def school_list(request: HttpRequest) -> HttpResponse:
    """Every school, searchable by name, town or postcode, a page at a time. Cached for each
    search and page until a school, user or assessment changes (pagecache)."""
    form = SchoolSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    number = request.GET.get("page")

    def context() -> dict:
        page = school_search_page(q, number, today=timezone.localdate())
        return {"form": form, "page": page, "rows": school_rows_html(page.object_list), "q": q}

    return pagecache.render_page(
        request,
        "schools/school_list.html",
        context,
        name="school-list",
        parts=(q, number),
        topics=[pagecache.LISTS],
    )


@director_required
@require_http_methods(["GET", "POST"])
def school_create(request: HttpRequest) -> HttpResponse:
    """Add a school."""
    form = SchoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        school = form.save()
        messages.success(request, f"{school.name} is added.")
        return redirect("school_detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": None})


@director_required
@require_http_methods(["GET", "POST"])
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a school's details. Letters already issued keep the details they were issued with."""
    school = school_for_director(request.user, pk)
    form = SchoolForm(request.POST if request.method == "POST" else None, instance=school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The school's details are saved.")
        return redirect("school_detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@director_required
@require_safe
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A school as directors see it: details, award, headteacher logins, every assessment and
    the cluster meetings it attended, by year."""
    school = school_for_director(request.user, pk)
    assessments = list(
        Assessment.objects.filter(school=school)
        .select_related("lead_assessor", "framework", "kind")
        .order_by("-visit_start", "-pk")
    )
    # The comparison is offered once there are two confirmed visits to compare (a corrected
    # revision counts once, as on the comparison page: assessments.compare.confirmed_visits).
    confirmed = [a for a in assessments if a.status == Status.CONFIRMED]
    corrected = {a.revision_of_id for a in confirmed if a.revision_of_id}
    headteachers = User.objects.filter(school=school, role=Role.HEADTEACHER).order_by("last_name")
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "assessments": assessments,
            "headteachers": headteachers,
            "cluster_years": attendance_by_year(school),
            "comparable": len([a for a in confirmed if a.pk not in corrected]) >= 2,
            **award_status(school.pk),
        },
    )


@director_required
@require_http_methods(["GET", "POST"])
def school_headteacher_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the school's headteacher a login; they are emailed a link to choose a password."""
    school = school_for_director(request.user, pk)
    if request.method == "POST":
        form = HeadteacherLoginForm(request.POST)
        if form.is_valid():
            try:
                user = services.headteacher_login_create(school=school, by=request.user, **form.cleaned_data)
            except services.SchoolError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                # Whatever the user model refuses that the form did not: a message, not a 500.
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"{user.get_full_name()} can now sign in as {user.username} once they have chosen a "
                    f"password: a link to do so has been emailed to {user.email}.",
                )
                return redirect("school_detail", pk=school.pk)
    else:
        first, _, last = school.headteacher_name.partition(" ")
        form = HeadteacherLoginForm(initial={"first_name": first, "last_name": last})
    return render(request, "schools/headteacher_form.html", {"form": form, "school": school})


@director_required
@require_POST
def school_headteacher_send_link(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Email one of the school's headteachers a new link to choose their password."""
    school = school_for_director(request.user, pk)
    user = User.objects.filter(pk=user_pk, school=school, role=Role.HEADTEACHER).first()
    if user is None:
        raise Http404("No such headteacher.")
    services.headteacher_login_send_link(user=user, by=request.user)
    messages.success(request, f"A new link to choose a password has been emailed to {user.email}.")
    return redirect("school_detail", pk=school.pk)


class HeadteacherWelcomeView(ResetPasswordConfirmView):
    """The link in the welcome email: the headteacher chooses their password, then signs in;
    like a password reset, it ends any sign-in lock on the account."""

    template_name = "schools/headteacher_welcome.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with your username and new password.")
        return response


headteacher_welcome = HeadteacherWelcomeView.as_view()


@login_required
def headteacher_portal(request: HttpRequest) -> HttpResponse:
    """The school's portal, the home page of its headteacher and of its school users: the
    school's award status and its issued reports, each with a download link — nothing else
    (the headteacher also finds the link to their colleagues). A fixed number of queries, none
    once cached (the same for every user of the school with the same role, until a school,
    user or assessment changes)."""
    user = request.user
    if not user.is_school_staff:
        raise Http404("No such page.")

    def context() -> dict:
        # Its name is all the page shows of the school; the rest is read by its id.
        school_id = user.school_id
        return {
            "school_name": portal_school_name(school_id),
            "reports": portal_reports(school_id),
            "is_headteacher": user.is_headteacher,
            "checks": school_checks(school_id),
            "visits": open_visits(school_id),
            **award_status(school_id),
        }

    return pagecache.render_page(
        request,
        "schools/headteacher_portal.html",
        context,
        name="headteacher-portal",
        parts=(user.school_id, user.role),
        topics=[pagecache.LISTS],
    )
