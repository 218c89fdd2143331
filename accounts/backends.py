"""The sign-in throttle's authentication backend (the user read through the shared cache is
pagecache.rows.CachedUserBackend)."""

from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins through the web.

    Only a sign-in from a request can be throttled by address; the test client and scripts
    authenticate without one, so they pass straight through to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
