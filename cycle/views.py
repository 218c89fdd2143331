"""The award cycle's pages: the weekly digest in the app (the same selector as its email), each
person's choice of the emails they get, and the unsubscribe page an email links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from cycle import services
from cycle.categories import Category, categories_for
from cycle.digest import assessor_digest, director_digest
from cycle.models import OptOut
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
