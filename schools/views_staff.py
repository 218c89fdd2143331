"""The headteacher's "Colleagues" page: the school's users, a form to invite one and a button
to stop one signing in (schools.staff does the work). For the headteacher of the school alone;
anyone else signed in gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import headteacher_required
from schools import staff
from schools.forms import SchoolUserInviteForm
from schools.services import SchoolError


@headteacher_required
@require_http_methods(["GET", "POST"])
def school_colleagues(request: HttpRequest) -> HttpResponse:
    """The school's users, and the form to invite another (POST): refused input shows why
    and creates no one."""
    school = request.user.school
    form = SchoolUserInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff.school_user_invite(school=school, by=request.user, **form.cleaned_data)
        except SchoolError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            # Whatever the user model refuses that the form did not: a message, not a 500.
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"{user.get_full_name()} is invited: a link to choose a password has been emailed to "
                f"{user.email}. They sign in as {user.username}.",
            )
            return redirect("school_colleagues")
    return render(
        request,
        "schools/colleagues.html",
        {"school": school, "colleagues": staff.school_users(school), "form": form},
    )


@headteacher_required
@require_POST
def school_colleague_deactivate(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Stop one of the school's users signing in; a user of another school (or none) is 404."""
    colleague = staff.school_users(request.user.school).filter(pk=user_pk).first()
    if colleague is None:
        raise Http404("No such colleague.")
    if not colleague.is_active:
        messages.info(request, f"{colleague} already cannot sign in.")
        return redirect("school_colleagues")
    try:
        staff.school_user_deactivate(user=colleague, by=request.user)
    except SchoolError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{colleague} is deactivated: they can no longer sign in.")
    return redirect("school_colleagues")
