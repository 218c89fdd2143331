"""The email a new headteacher login sends: a link to choose a password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.emails import absolute, send
from accounts.models import User


def password_link(user: User) -> str:
    """A one-use link for the user to choose a password (Django's password-reset token: it
    expires after settings.PASSWORD_RESET_TIMEOUT and once the password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("headteacher_welcome", kwargs={"uidb64": uid, "token": token}))


def send_headteacher_welcome(user: User) -> int:
    """Tell a new headteacher their login exists, with a link to choose a password."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
    context = {
        "user": user,
        "school": user.school,
        "link": password_link(user),
        "login_link": absolute(reverse("login")),
        "days": days,
    }
    return send(
        subject=f"Your IQM Assessments login: {user.school.letter_name}",
        template="headteacher_welcome",
        context=context,
        to=[user.email],
    )
