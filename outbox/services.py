"""Recording emails and delivering them: the outbox's rules.

`email_record` writes one row for each address of each message, in the caller's transaction;
`deliver_after_commit` queues one delivery task for each once that transaction commits (never
if it rolls back). `email_deliver` sends one row, at most once whoever runs it how often;
`emails_requeue` queues again what is still unsent long after it was due."""

import datetime
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from outbox.models import Email

logger = logging.getLogger(__name__)

# What a mail server or the network may answer with; SMTPException is an OSError too.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)
# The category of an email that did not come through accounts.emails.send: Django's own
# (the password reset link).
DEFAULT_CATEGORY = "account"


def _user_ids_by_address(addresses: list[str]) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    if not addresses:
        return {}
    lowered = {address.lower() for address in addresses}
    found: dict[str, int] = {}
    # The first user of an address (by id) is the one meant when two share it.
    rows = get_user_model().objects.filter(email__in=lowered | set(addresses)).order_by("pk")
    for pk, email in rows.values_list("pk", "email"):
        found.setdefault(email.lower(), pk)
    return found


def email_record(*, messages) -> list[int]:
    """Write one outbox row for each "to" address of each message, with its kind and school
    (the `category` and `school_id` attributes accounts.emails.send gives it); returns the new
    rows' ids. A message with copies (cc, bcc) or attachments is refused: nothing in the app
    sends one, and the outbox could not send it as written."""
    rows = []
    now = timezone.now()
    for message in messages:
        if message.cc or message.bcc or message.attachments:
            raise ValueError("The outbox sends no copies (cc, bcc) and no attachments.")
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        headers = dict(message.extra_headers)
        if message.reply_to:
            headers["Reply-To"] = ", ".join(message.reply_to)
        for address in message.to:
            rows.append(
                Email(
                    to_address=address,
                    from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    subject=message.subject,
                    body_text=message.body,
                    body_html=html,
                    headers=headers,
                    category=getattr(message, "category", None) or DEFAULT_CATEGORY,
                    school_id=getattr(message, "school_id", None),
                    created=now,
                    next_attempt_at=now,
                )
            )
    users = _user_ids_by_address([row.to_address for row in rows])
    for row in rows:
        row.user_id = users.get(row.to_address.lower())
    # One INSERT per row, not bulk_create: SQLite and PostgreSQL alike give back each id.
    for row in rows:
        row.save(force_insert=True)
    return [row.pk for row in rows]


def queue_delivery(email_ids: list[int]) -> int:
    """Queue one delivery task per email now; returns how many were queued. With the broker down
    the rows stay queued (the periodic task queues them again): a page never fails for it."""
    from outbox.tasks import deliver

    queued = 0
    for email_id in email_ids:
        try:
            deliver.apply_async((email_id,))
        except (BrokerError, OSError) as error:
            logger.warning("Email %s stays queued: the task queue is unreachable (%s)", email_id, error)
            break
        queued += 1
    return queued


def deliver_after_commit(email_ids: list[int]) -> None:
    """Queue the emails' delivery once the current transaction commits; nothing if it rolls back."""
    if email_ids:
        transaction.on_commit(lambda: queue_delivery(email_ids))


def retry_delay(attempts: int) -> int:
    """Seconds to wait before the next try after `attempts` failed ones: doubling from
    OUTBOX_RETRY_SECONDS, at most OUTBOX_RETRY_MAX_SECONDS."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS)


def describe_error(error: BaseException) -> str:
    """What went wrong, in words a director understands."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "The mail server refused the address."
    if isinstance(error, smtplib.SMTPSenderRefused):
        return "The mail server refused the sender's address (DEFAULT_FROM_EMAIL)."
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "The mail server refused the app's user name or password."
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "The mail server closed the connection before the email was sent."
    if isinstance(error, smtplib.SMTPResponseException):
        return "The mail server refused the email for now."
    if isinstance(error, (ConnectionError, socket.gaierror, TimeoutError)):
        return "The mail server could not be reached."
    return "The email could not be handed to the mail server."


def _as_message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[email.to_address],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


@transaction.atomic
def email_deliver(*, email_id: int) -> int | None:
    """Send the email unless it is sent already; returns the seconds to wait before trying again
    when the mail server failed, None otherwise (sent, sent before, given up, or no such row).

    The row stays locked while it is handed to the mail server, so two tasks for one email (a
    task run twice, a retry beside a requeue) send it once: the second finds it sent."""
    email = Email.objects.select_for_update().filter(pk=email_id).first()
    if email is None or email.status in (Email.Status.SENT, Email.Status.GAVE_UP):
        return None
    email.attempts += 1
    now = timezone.now()
    try:
        connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
        connection.send_messages([_as_message(email)])
    except DELIVERY_ERRORS as error:
        logger.warning("Email %s not sent (try %s): %r", email.pk, email.attempts, error)
        email.last_error = describe_error(error)
        email.last_error_detail = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = Email.Status.GAVE_UP
            delay = None
        else:
            email.status = Email.Status.RETRYING
            delay = retry_delay(email.attempts)
            email.next_attempt_at = now + datetime.timedelta(seconds=delay)
        email.save(update_fields=["attempts", "status", "last_error", "last_error_detail", "next_attempt_at"])
        return delay
    email.status = Email.Status.SENT
    email.sent_at = now
    email.save(update_fields=["attempts", "status", "sent_at"])
    return None


def emails_requeue(*, older_than_seconds: int | None = None, given_up: bool = False) -> int:
    """Queue again every unsent email due at least `older_than_seconds` ago (default
    OUTBOX_REQUEUE_AFTER_SECONDS): those whose task was lost because the broker was down, or
    whose retry is overdue; with `given_up`, those the outbox gave up on too (tried afresh).
    Returns how many were queued."""
    if older_than_seconds is None:
        older_than_seconds = settings.OUTBOX_REQUEUE_AFTER_SECONDS
    due = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    if given_up:
        with transaction.atomic():
            Email.objects.filter(status=Email.Status.GAVE_UP).update(
                status=Email.Status.RETRYING, attempts=0, next_attempt_at=timezone.now()
            )
            due = timezone.now()
    ids = list(
        Email.objects.unsent().filter(next_attempt_at__lte=due).order_by("pk").values_list("pk", flat=True)
    )
    return queue_delivery(ids)
