"""Unsubscribe links that work without signing in: a signature (django.core.signing, keyed by
SECRET_KEY) over the person and the category, so a tampered link, or one given another person's
id or another category, is refused."""

from django.core import signing
from django.urls import reverse

from accounts.emails import absolute

SALT = "cycle.unsubscribe"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def _value(user_id: int, category: str) -> str:
    return f"{user_id}:{category}"


def make_token(user_id: int, category: str) -> str:
    """The signature for this person and category (the link carries both beside it)."""
    return _signer().sign(_value(user_id, category)).rsplit(":", 1)[1]


def check_token(user_id: int, category: str, token: str) -> bool:
    """Whether the token was made for exactly this person and category."""
    try:
        _signer().unsign(f"{_value(user_id, category)}:{token}")
    except signing.BadSignature:
        return False
    return True


def unsubscribe_url(user_id: int, category: str) -> str:
    """The full address of the unsubscribe page for this person and category."""
    return absolute(
        reverse(
            "cycle_unsubscribe",
            kwargs={"user_id": user_id, "category": category, "token": make_token(user_id, category)},
        )
    )
