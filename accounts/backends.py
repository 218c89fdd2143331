"""Authentication backends: the sign-in throttle, and the user model read through the cache."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins through the web.

    Only a sign-in from a request can be throttled by address; the test client and scripts
    authenticate without one, so they pass straight through to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def user_cache_key(user_id) -> str:
    return f"user:{user_id}"


def forget_cached_users(user_ids) -> None:
    """Drop these users from the shared cache, so the next request reads them afresh."""
    if settings.IQM_SHARED_CACHE and user_ids:
        cache.delete_many([user_cache_key(pk) for pk in user_ids])


class CachedUserBackend(ModelBackend):
    """Django's model backend, with the signed-in user read from the shared cache.

    Every request of a signed-in user reads their row; with a cache that all app servers share
    (IQM_CACHE_URL), it is read from there, for IQM_USER_CACHE_SECONDS at most. Saving or
    deleting a user through the model or its querysets (accounts.models) clears the entry at
    once, so a deactivated account, a new password or a new role counts on the next request.
    Without a shared cache the row is read from the database, as Django does: a cache of each
    process's own could not be cleared by the others."""

    def get_user(self, user_id):
        if not settings.IQM_SHARED_CACHE:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, settings.IQM_USER_CACHE_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None
