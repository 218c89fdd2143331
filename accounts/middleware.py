"""Middleware that holds a signed-in user at the two-factor step until it is done, and signs idle
staff out. (The verified device read through the shared cache: pagecache.rows.)"""

import time

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from accounts.two_factor import two_factor_required

# Paths a user may reach before the second factor: the two-factor pages, signing out, and files.
_OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/")
_NO_DEVICE_KEY = "iqm_2fa_no_device"


class TwoFactorMiddleware:
    """A user with a device must verify it; a user whose role requires two-factor sign-in
    must enrol. Until then every other page redirects to the right two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            target = None
            # What was found is kept with the user's two-factor fingerprint (role, superuser
            # flag, devices added): a user made a director or a superuser, or given a device,
            # is checked afresh on their next request instead of keeping the session's answer.
            fingerprint = user.two_factor_fingerprint
            if request.session.get(_NO_DEVICE_KEY) != fingerprint:
                if user_has_device(user):
                    target = "two_factor_verify"
                elif two_factor_required(user):
                    target = "two_factor_setup"
                else:
                    # Remember for this session that there is nothing to check, so ordinary
                    # pages do not pay for the device look-up on every request.
                    request.session[_NO_DEVICE_KEY] = fingerprint
            if target:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


_LAST_SEEN_KEY = "iqm_last_seen"


class StaffIdleTimeoutMiddleware:
    """Signs IQM staff (directors, assessors, administrators) out after IQM_STAFF_IDLE_MINUTES
    without a request, so an unattended laptop does not stay signed in to confidential
    findings. Headteachers keep the ordinary session length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or user.role in ("assessor", "director"))
        ):
            now = int(time.time())
            limit = settings.IQM_STAFF_IDLE_MINUTES * 60
            last_seen = request.session.get(_LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.IQM_STAFF_IDLE_MINUTES} minutes without activity. "
                    "Sign in again to carry on.",
                )
                if request.headers.get("Accept", "").startswith("application/json"):
                    return JsonResponse({"error": "Your session has expired. Sign in again."}, status=401)
                return redirect_to_login(request.get_full_path())
            # Write the time at most once a minute, so ordinary pages do not save the session.
            if last_seen is None or now - last_seen >= 60:
                request.session[_LAST_SEEN_KEY] = now
        return self.get_response(request)
