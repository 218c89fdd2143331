"""Email backends standing in for a mail server that fails: OUTBOX_DELIVERY_BACKEND in a test."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

# How many more times the flaky server fails before it takes email (set by each test).
FLAKY = {"failures_left": 0}


class DownBackend(LocmemBackend):
    """A mail server nobody can reach."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class FlakyBackend(LocmemBackend):
    """A mail server that drops the connection FLAKY["failures_left"] times, then takes every
    email into Django's test mailbox."""

    def send_messages(self, messages):
        if FLAKY["failures_left"] > 0:
            FLAKY["failures_left"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class DyingBackend(LocmemBackend):
    """The worker's process ends while it talks to the mail server (SystemExit stands in for the
    kill: nothing in the task catches it)."""

    def send_messages(self, messages):
        raise SystemExit("killed")
