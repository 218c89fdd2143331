"""The site's own pages for a request refused before any view ran: a 400 that says why the request
could not be read (too large, too many fields, a host name the site does not answer to, or
otherwise malformed), and a 403 for a form whose CSRF check failed that says what to do.

Both render without the signed-in layout's context: the request may not have reached the
middleware that knows the user, and for a disallowed host `request.get_host()` raises again."""

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseForbidden
from django.middleware import csrf
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBadRequest:
    """handler400: the 400 page, saying which of the reasons it was."""
    if isinstance(exception, DisallowedHost):
        kind = "host"
    elif isinstance(exception, RequestDataTooBig):
        kind = "too_large"
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        kind = "too_many"
    else:
        kind = "unreadable"
    context = {"kind": kind, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
    return HttpResponseBadRequest(render_to_string("400.html", context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """CSRF_FAILURE_VIEW: the 403 page for a form refused by the CSRF check, saying why."""
    if reason == csrf.REASON_NO_CSRF_COOKIE:
        kind = "no_cookie"
    elif reason.startswith(("Origin checking failed", "Referer checking failed")):
        kind = "other_site"
    else:
        kind = "expired"
    return HttpResponseForbidden(render_to_string("403_csrf.html", {"kind": kind}))
