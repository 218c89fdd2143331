"""Writes about schools that are more than saving a form: giving a headteacher a login."""

import re

from django.db import transaction

from accounts.models import Role, User


class SchoolError(Exception):
    """A write about a school that was refused; the message says why, for the user."""


def _require_director(by) -> None:
    if not (by is not None and by.is_authenticated and by.is_director):
        raise SchoolError("Only a director can give a headteacher a login.")


def _send_welcome(user_id: int) -> None:
    from schools import emails

    emails.send_headteacher_welcome(User.objects.select_related("school").get(pk=user_id))


# What Django's usernames may not hold (its validator allows letters, digits and @ . + - _).
_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")


def username_for_email(email: str) -> str:
    """The username of a login for this email address: the address in lower case, without the
    characters a username cannot hold ("o'brien@example.org" → "obrien@example.org"). The
    welcome email tells the headteacher what it is."""
    return _NOT_IN_USERNAMES.sub("", email.lower())


@transaction.atomic
def headteacher_login_create(*, school, first_name: str, last_name: str, email: str, by) -> User:
    """Create a headteacher login for the school and email the headteacher a link to choose
    their password; returns the user.

    The user starts with no usable password: no one but the headteacher ever knows it, and
    the link (Django's password-reset token) works once and expires.
    """
    _require_director(by)
    user = User(
        username=username_for_email(email),
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role.HEADTEACHER,
        school=school,
        job_title="Headteacher",
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    transaction.on_commit(lambda: _send_welcome(user.pk), robust=True)
    return user


def headteacher_login_send_link(*, user: User, by) -> None:
    """Email a headteacher a new link to choose their password (the old link stops working
    once the password is set)."""
    _require_director(by)
    if not user.is_headteacher:
        raise SchoolError(f"{user} is not a headteacher.")
    _send_welcome(user.pk)
