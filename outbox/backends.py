"""The email backend every email goes through (EMAIL_BACKEND): it records each message in the
outbox and queues its delivery for when the transaction commits; OUTBOX_DELIVERY_BACKEND
(console or SMTP) then sends it."""

from django.core.mail.backends.base import BaseEmailBackend

from outbox import services


class OutboxBackend(BaseEmailBackend):
    """Records messages in the outbox instead of sending them; returns how many it recorded."""

    def send_messages(self, email_messages) -> int:
        messages = list(email_messages)
        if not messages:
            return 0
        services.deliver_after_commit(services.email_record(messages=messages))
        return len(messages)
