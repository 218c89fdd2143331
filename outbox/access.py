"""Who may see which emails, in one place. Anyone else gets 404."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404


def school_staff_required(view):
    """Signed-in staff of a school (its headteacher and school users) only; anyone else signed
    in gets 404, an anonymous visitor the sign-in page."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_school_staff:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped
