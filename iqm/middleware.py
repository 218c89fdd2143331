"""Middleware of the project as a whole."""

from django.utils.cache import add_never_cache_headers


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
