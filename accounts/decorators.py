"""View decorators that say who may open a page."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


def director_required(view):
    """Signed-in directors only; a signed-in user of another role gets 404 (the page does not
    exist for them), an anonymous visitor the sign-in page."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_director:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def headteacher_required(view):
    """Signed-in headteachers of a school only; anyone else signed in gets 404 (a school user
    too: the page does not exist for them), an anonymous visitor the sign-in page."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_headteacher and request.user.school_id is not None):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped
