"""Middleware of the project as a whole."""

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import get_exception_response
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, get_resolver
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user says `Cache-Control: no-store` (with Django's other
    never-cache headers): signed-in pages hold confidential findings, the two-factor secret and
    backup codes, which neither a shared proxy nor the browser's cache, nor its back button after
    signing out, may keep. Pages for signed-out visitors keep their ordinary headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class FriendlyErrorsMiddleware:
    """With DJANGO_DEBUG on and IQM_FRIENDLY_ERRORS on (the demo: scripts/run-app), errors answer
    with the site's own pages as in production, not Django's technical pages, which list every
    URL pattern and show tracebacks to whoever visits. Errors are still logged, and the test
    client still re-raises a view's exception. Off (the default) or in production, it does
    nothing: Django's own handling applies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A 404 for an address no URL pattern matches is Django's technical page: no view ran.
        if response.status_code == 404 and _friendly() and not _resolves(request):
            response = _error_response(request, 404, Resolver404({"path": request.path_info}))
        return response

    def process_exception(self, request, exception):
        if not _friendly():
            return None
        if isinstance(exception, Http404):
            return _error_response(request, 404, exception)
        if isinstance(exception, PermissionDenied):
            return _error_response(request, 403, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation | MultiPartParserError):
            return _error_response(request, 400, exception)
        # As Django does in production: tell the test client (which re-raises it), log it.
        signals.got_request_exception.send(sender=None, request=request)
        response = _error_response(request, 500, exception)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


def _friendly() -> bool:
    return settings.DEBUG and getattr(settings, "IQM_FRIENDLY_ERRORS", False)


def _resolves(request) -> bool:
    try:
        get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return True


def _error_response(request, status: int, exception: Exception):
    """The response of the project's handler for `status` (handler404 and the others: the
    templates 404.html, 500.html, …), as Django gives it in production."""
    resolver = get_resolver(getattr(request, "urlconf", None))
    if status == 500:  # handler500 takes the request alone
        return resolver.resolve_error_handler(500)(request)
    return get_exception_response(request, resolver, status, exception)
