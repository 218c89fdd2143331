"""The demo's record of emails (load_demo): besides what loading the demo sends, one reminder to
The Heath's headteacher that the mail server has not taken yet, so that "not yet sent" can be
seen. Loading twice adds nothing."""

import datetime

from django.utils import timezone

from outbox.models import Email

SUBJECT = "Reminder: your self-evaluation is due in two weeks"


def add_emails(school, headteacher) -> Email:
    """The reminder still waiting for the mail server; made once, found again after."""
    now = timezone.now()
    email, _ = Email.objects.get_or_create(
        subject=SUBJECT,
        to_address=headteacher.email,
        defaults={
            "user": headteacher,
            "school": school,
            "from_email": "IQM Assessments <no-reply@iqm.example>",
            "body_text": "Your self-evaluation for the coming visit is due in two weeks.",
            "category": "reminder",
            "status": Email.Status.RETRYING,
            "attempts": 2,
            "last_error": "The mail server could not be reached.",
            "last_error_detail": "ConnectionRefusedError: [Errno 111] Connection refused",
            "created": now - datetime.timedelta(minutes=3),
            "next_attempt_at": now + datetime.timedelta(hours=1),
        },
    )
    return email
