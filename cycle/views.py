"""The award cycle's pages: the weekly digest in the app (the same selector as its email), each
person's choice of the emails they get, and the unsubscribe page an email links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from accounts.models import User
from assessments.kinds import AwardLevel
from cycle import services
from cycle.categories import Category, categories_for
from cycle.digest import assessor_digest, director_digest
from cycle.models import ExpiryNotice, OptOut
from cycle.tokens import check_token


@login_required
@require_safe
def digest(request: HttpRequest) -> HttpResponse:
    """This week's digest for a director or an assessor; 404 for anyone else."""
    user, today = request.user, timezone.localdate()
    if user.is_director:
        return render(request, "cycle/digest.html", {"digest": director_digest(today), "director": True})
    if user.is_assessor:
        return render(
            request,
            "cycle/digest.html",
            {"digest": assessor_digest([user.pk], today)[user.pk], "director": False},
        )
    raise Http404("No such page.")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The reminders and digests the signed-in person gets: a box for each they can get."""
    user = request.user
    offered = categories_for(user)
    if request.method == "POST":
        try:
            services.preferences_set(user=user, receive=request.POST.getlist("receive"))
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your choices are saved.")
            return redirect("cycle_preferences")
    off = set(OptOut.objects.filter(user=user).values_list("category", flat=True))
    choices = [{"category": c, "on": c.value not in off} for c in offered]
    return render(request, "cycle/preferences.html", {"choices": choices})


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "cycle/unsubscribe_refused.html", status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, user_id: int, category: str, token: str) -> HttpResponse:
    """Stop one kind of email, without signing in: GET asks for confirmation, POST stops it. A
    link whose signature does not match its person and category is refused."""
    if category not in Category.values or not check_token(user_id, category, token):
        return _refused(request)
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return _refused(request)
    label = Category(category).label
    if request.method == "POST":
        services.unsubscribe(user=person, category=category)
        return render(request, "cycle/unsubscribed.html", {"label": label})
    return render(request, "cycle/unsubscribe.html", {"label": label, "email": person.email})


@director_required
@require_http_methods(["GET", "POST"])
def expiry_notices(request: HttpRequest) -> HttpResponse:
    """When the award-expiry reminders go, per award level; a director adds one here."""
    typed = {"level": "", "months_before": ""}
    if request.method == "POST":
        typed = {
            "level": request.POST.get("level", ""),
            "months_before": request.POST.get("months_before", ""),
        }
        try:
            notice = services.expiry_notice_add(
                level_id=typed["level"], months_before=typed["months_before"], by=request.user
            )
        except services.NoticeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Added: {notice}.")
            return redirect("cycle_expiry_notices")
    levels = AwardLevel.objects.prefetch_related("expiry_notices").order_by("rank", "name")
    return render(request, "cycle/expiry_notices.html", {"levels": levels, "typed": typed})


@director_required
@require_POST
def expiry_notice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one award-expiry reminder."""
    notice = get_object_or_404(ExpiryNotice, pk=pk)
    services.expiry_notice_delete(notice=notice, by=request.user)
    messages.success(request, f"Removed: {notice}.")
    return redirect("cycle_expiry_notices")
