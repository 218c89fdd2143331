"""Sending the app's emails, for every app: a link's full address from SITE_URL, and one message
rendered from its templates (templates/emails/<name>.txt and .html). EMAIL_BACKEND records each
message in the outbox (the `outbox` app, through the setting: this module imports nothing of it)
and a task delivers it once the transaction commits, through the console by default and SMTP
through settings (README.md)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute(path: str) -> str:
    """The full address of a path on this site, for a link in an email."""
    return settings.SITE_URL + path


def one_line(text: str) -> str:
    """The text on one line: a header cannot hold a line break, and a school name typed with one
    must not stop the email."""
    return " ".join(text.split())


def send(
    *,
    subject: str,
    template: str,
    context: dict,
    to: list[str],
    category: str = "work",
    school_id: int | None = None,
) -> int:
    """Send one message, its text and HTML bodies rendered from templates/emails/<template>;
    returns the number recorded for sending (1): the outbox delivers it once the caller's
    transaction commits, and tries again while the mail server fails. `category` says what kind of email it is ("work" for one
    that carries the work itself and always goes; a reminder or digest names its kind) and
    `school_id` the school it concerns, for the record of what was sent: both ride on the
    message as attributes, which the outbox's backend writes into its row."""
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.category = category
    message.school_id = school_id
    return message.send()
