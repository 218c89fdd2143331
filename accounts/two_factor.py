"""Two-factor sign-in (TOTP with backup codes) through django-otp.

After the password, a user with a confirmed device must give a code before any other page.
Where enforcement is on (IQM_2FA_ENFORCED, on by default in production), directors and
administrators without a device must enrol before any other page. Assessors are offered it;
headteachers may enrol.
"""

import base64
import io
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.throttling import plain_duration

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def two_factor_required(user) -> bool:
    """Whether this user must use two-factor sign-in before anything else."""
    if not getattr(settings, "IQM_2FA_ENFORCED", False):
        return False
    return bool(user.is_superuser or getattr(user, "is_director", False))


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "Enter the code from your authenticator app, or a backup code."},
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _throttled_for(devices) -> float | None:
    """Seconds until every one of these devices takes codes again, or None when one of them
    takes codes now (and so a refused code was checked and wrong). django-otp doubles the wait
    after each wrong code (1 s, 2 s, 4 s …) and, while it lasts, refuses even the right code
    without checking it."""
    now = timezone.now()
    waits = []
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if allowed or not info or not info.get("locked_until"):
            return None
        waits.append((info["locked_until"] - now).total_seconds())
    return max(waits) if waits else None


def _throttled_message(seconds: float) -> str:
    return (
        f"Too many wrong codes: codes are not being checked for {plain_duration(seconds)}. "
        "Wait, then enter the newest code from your app."
    )


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@login_required
@require_safe
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """The user's two-factor status, with links to enrol, renew backup codes or switch it off."""
    return render(request, "accounts/two_factor_settings.html", two_factor_status(request.user))


def two_factor_status(user) -> dict:
    """Whether the user signs in with an authenticator app (`enrolled`), how many backup codes
    they have left (`backup_left`) and whether their role requires it (`required`)."""
    devices = list(devices_for_user(user))
    backup = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).first()
    return {
        "enrolled": any(isinstance(d, TOTPDevice) for d in devices),
        "backup_left": backup.token_set.count() if backup else 0,
        "required": two_factor_required(user),
    }


@sensitive_post_parameters("token")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show its QR code and secret, confirm with a first code, then
    show the backup codes once."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, "Two-factor sign-in is already set up.")
        return redirect("two_factor_settings")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled_for([device])
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_backup_codes(request.user)
            otp_login(request, device)
            # Confirming the device signed out every session of the user (User.two_factor_stamp);
            # this one, which has just given a code, stays signed in, as after a password change.
            request.user.refresh_from_db(fields=["two_factor_stamp"])
            update_session_auth_hash(request, request.user)
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
        form.add_error(
            "token",
            _throttled_message(throttled)
            if throttled
            else "That code is not right. Check the time on your phone and try the newest code.",
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret, "next": _safe_next(request)},
    )


@sensitive_post_parameters("token")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the app or a backup code after the password."""
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(_safe_next(request))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # django-otp locks the devices it checks (select_for_update), so that a code cannot be
        # used twice at once; PostgreSQL allows that only inside a transaction.
        with transaction.atomic():
            devices = list(devices_for_user(request.user, for_verify=True))
            throttled = _throttled_for(devices)
            for device in devices:
                if device.verify_token(token):
                    otp_login(request, device)
                    if isinstance(device, StaticDevice):
                        left = device.token_set.count()
                        messages.warning(
                            request,
                            f"You used a backup code; {left} left. Make new ones in your security settings.",
                        )
                    return redirect(_safe_next(request))
        form.add_error(
            "token",
            _throttled_message(throttled)
            if throttled
            else "That code is not right. Try the newest code from your app, or a backup code.",
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_POST
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """Replace the backup codes with new ones and show them once."""
    if not request.user.is_verified():
        return redirect("two_factor_settings")
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": _new_backup_codes(request.user), "next": reverse("two_factor_settings")},
    )


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Switch two-factor sign-in off, unless the user's role requires it."""
    if two_factor_required(request.user):
        messages.error(request, "Your role requires two-factor sign-in; it cannot be switched off.")
        return redirect("two_factor_settings")
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("two_factor_verify")
    TOTPDevice.objects.filter(user=request.user).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("two_factor_settings")
