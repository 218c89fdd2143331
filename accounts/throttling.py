"""Throttling of sign-ins (django-axes) and of password reset requests.

- The client's address: REMOTE_ADDR, or the address a trusted proxy (IQM_TRUSTED_PROXIES) put
  in X-Forwarded-For for it. Anyone else's X-Forwarded-For is ignored, since anyone can send one.
- Sign-in: after AXES_FAILURE_LIMIT wrong passwords for one account from one address, the
  account is locked for that address; after IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT for one account
  from all addresses together, it is locked everywhere. Either lock lasts AXES_COOLOFF_TIME
  after the last wrong password; attempts refused meanwhile do not make it longer, and a
  successful password reset ends it at once.
- Password reset: at most IQM_PASSWORD_RESET_ADDRESS_LIMIT requests for one email address and
  IQM_PASSWORD_RESET_CLIENT_LIMIT from one client address per hour.
"""

import datetime
import functools
import hashlib
import ipaddress
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(address) -> bool:
    networks = _networks(tuple(settings.IQM_TRUSTED_PROXIES))
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (settings.AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, unless that is a
    trusted proxy; then the right-most address in X-Forwarded-For that is not one of the
    trusted proxies. Entries left of it were written by the client and may be anything."""
    remote = request.META.get("REMOTE_ADDR")
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return remote
    if not _is_trusted_proxy(address):
        return remote
    client = str(address)
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            break  # not an address: keep the last one a trusted proxy vouched for
        client = str(address)
        if not _is_trusted_proxy(address):
            break
    return client


class SignInThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a limit of its own for each lockout parameter.

    django-axes compares the largest count among AXES_LOCKOUT_PARAMETERS with one limit,
    AXES_FAILURE_LIMIT. The count for the account alone (from every address) is scaled here so
    that it reaches that limit at IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT failures instead."""

    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        account_limit = settings.IQM_SIGNIN_ACCOUNT_FAILURE_LIMIT
        counts = []
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter in ("username", ["username"]):
                # floor(count * limit / account_limit) >= limit exactly when count >= account_limit
                count = count * limit // account_limit
            counts.append(count)
        return max(counts, default=0)


def plain_duration(seconds: float) -> str:
    """A length of time as a person says it: "45 seconds", "1 minute", "15 minutes", "2 hours",
    "1 hour 30 minutes" (rounded up to the whole minute from one minute on)."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = math.ceil(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if minutes:
        parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    return " ".join(parts)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page for a locked sign-in (settings.AXES_LOCKOUT_CALLABLE), saying for how long."""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    return render(
        request,
        "registration/locked_out.html",
        {"lock_time": plain_duration(cool_off.total_seconds())},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def clear_sign_in_locks(user) -> int:
    """End every sign-in lock and forget every wrong password counted for this user's account,
    from every address: they have just proved who they are by choosing a new password through
    the link sent to their email. Returns how many records were removed."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_attempts(username=user.get_username())


_RESET_WINDOW = 60 * 60  # password reset limits count requests per clock hour


def _count(kind: str, value: str, limit: int, *, scope: str = "password-reset") -> int | None:
    """Count one request for this value; None while within the limit, otherwise the seconds
    until the count starts again. The value is hashed: no email address sits in the cache."""
    window = int(time.time() // _RESET_WINDOW)
    digest = hashlib.sha256(value.encode()).hexdigest()
    key = f"{scope}:{kind}:{digest}:{window}"
    cache.add(key, 0, _RESET_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _RESET_WINDOW)
        count = 1
    if count <= limit:
        return None
    return (window + 1) * _RESET_WINDOW - time.time()


def password_reset_refusal(*, email: str, client: str | None) -> str | None:
    """Count a password reset request; return why it is refused, or None to send the link.

    The answer is the same whether or not an account has that address, so it tells nothing
    about which addresses IQM knows."""
    wait = _count("client", client or "unknown", settings.IQM_PASSWORD_RESET_CLIENT_LIMIT)
    if wait is not None:
        return (
            "There have been too many password reset requests from your network. "
            f"Try again in {plain_duration(wait)}."
        )
    wait = _count("address", email.strip().lower(), settings.IQM_PASSWORD_RESET_ADDRESS_LIMIT)
    if wait is not None:
        return (
            "There have already been several requests for this address in the last hour; if it "
            "has an account, the links are on their way: check your inbox and spam folder, or "
            f"ask again in {plain_duration(wait)}."
        )
    return None


def verify_refusal(*, client: str | None) -> str | None:
    """Count a request to the public verification pages (reports.verify_views); return why it
    is refused, or None. At most IQM_VERIFY_CLIENT_LIMIT an hour from one client address, so
    the codes cannot be guessed by trying them all."""
    wait = _count("client", client or "unknown", settings.IQM_VERIFY_CLIENT_LIMIT, scope="verify")
    if wait is not None:
        return (
            "There have been too many verification requests from your network. "
            f"Try again in {plain_duration(wait)}."
        )
    return None
