"""Middleware that holds a signed-in user at the two-factor step until it is done."""

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
            if not request.session.get(_NO_DEVICE_KEY):
                if user_has_device(user):
                    target = "two_factor_verify"
                elif two_factor_required(user):
                    target = "two_factor_setup"
                else:
                    # Remember for this session that there is nothing to check, so ordinary
                    # pages do not pay for the device look-up on every request.
                    request.session[_NO_DEVICE_KEY] = True
            if target:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
