"""Every email goes through the outbox: recorded in the transaction that sends it, delivered
once that commits (never if it rolls back), retried when the mail server fails, sent once
however often its task runs, and queued again when its task was lost."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts import emails
from outbox import services
from outbox.models import Email
from outbox.tasks import deliver, send_unsent
from tests.factories import HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _send(to="head@school.example", **kwargs):
    return emails.send(
        subject="Your report",
        template="issued",
        context={"name": "Heather", **kwargs.pop("context", {})},
        to=[to],
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _issued_template(settings, tmp_path):
    """A small email template of the tests' own."""
    folder = tmp_path / "templates" / "emails"
    folder.mkdir(parents=True)
    (folder / "issued.txt").write_text("Dear {{ name }}, your report is issued.")
    (folder / "issued.html").write_text("<p>Dear {{ name }}, your report is issued.</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_it_records_the_email_and_sends_it_once_the_transaction_commits(django_capture_on_commit_callbacks):
    school = SchoolFactory()
    head = HeadteacherFactory(school=school, email="head@school.example")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            assert _send(category="reminder", school_id=school.pk) == 1
            email = Email.objects.get()
            assert email.status == Email.Status.QUEUED
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["head@school.example"]
    assert message.subject == "Your report"
    assert message.body == "Dear Heather, your report is issued."
    assert message.alternatives[0][0] == "<p>Dear Heather, your report is issued.</p>"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.user, email.school) == (Email.Status.SENT, 1, head, school)
    assert email.category == "reminder"
    assert email.sent_at is not None
    assert email.body_text == "Dear Heather, your report is issued."


def test_it_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _send()
        raise RuntimeError("the page failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Email.objects.exists()


def test_an_email_to_an_unknown_address_is_recorded_without_a_user():
    _send(to="someone@elsewhere.example")
    email = Email.objects.get()
    assert email.user is None
    assert email.category == "work"
    assert email.school is None


def test_djangos_password_reset_email_goes_through_the_outbox(client):
    HeadteacherFactory(email="head@school.example")
    response = client.post("/accounts/password/reset/", {"email": "head@school.example"})
    assert response.status_code == 302
    email = Email.objects.get()
    assert (email.category, email.status) == ("account", Email.Status.SENT)
    assert mail.outbox[0].to == ["head@school.example"]


def test_a_task_run_twice_for_one_email_sends_it_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        _send()
    email = Email.objects.get()
    deliver.apply(args=[email.pk])
    deliver.apply(args=[email.pk])
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)


def test_a_worker_killed_mid_task_leaves_the_email_queued_for_the_next(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        _send()
    email = Email.objects.get()
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.mail_servers.DyingBackend"
    with pytest.raises(SystemExit):
        services.email_deliver(email_id=email.pk)
    email.refresh_from_db()
    # Its transaction rolled back: the row is as it was, and the task (acknowledged late) is
    # delivered to the next worker, which sends it.
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 0)
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver.apply(args=[email.pk])
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_a_task_for_an_email_that_is_gone_does_nothing():
    deliver.apply(args=[987654])
    assert mail.outbox == []


def test_a_failing_mail_server_leaves_the_email_not_yet_sent_with_the_reason(mail_server_down):
    _send()
    email = Email.objects.get()
    assert mail.outbox == []
    assert email.status == Email.Status.RETRYING
    assert email.attempts == 1
    assert email.last_error == "The mail server could not be reached."
    assert "ConnectionRefusedError" in email.last_error_detail
    assert email.next_attempt_at > timezone.now()
    # Nothing is lost: the bodies wait in the row.
    assert email.body_text == "Dear Heather, your report is issued."


def test_the_email_is_sent_when_the_mail_server_is_back(settings, flaky_mail_server):
    flaky_mail_server["failures_left"] = 1
    _send()
    email = Email.objects.get()
    assert email.status == Email.Status.RETRYING
    assert email.last_error == "The mail server closed the connection before the email was sent."
    # The periodic task queues what is overdue; this one is not due yet.
    assert send_unsent.apply().get() == 0
    Email.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(hours=1))
    assert send_unsent.apply().get() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_the_wait_between_tries_doubles_up_to_an_hour(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    assert [services.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert services.retry_delay(20) == 3600


def test_it_gives_up_after_the_most_tries_and_says_so(settings, mail_server_down):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _send()
    email = Email.objects.get()
    deliver.apply(args=[email.pk])
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.GAVE_UP, 2)
    deliver.apply(args=[email.pk])  # given up: not tried again by a stray task
    email.refresh_from_db()
    assert email.attempts == 2
    # An administrator tries it again once the mail server is fixed.
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_unsent_email", "--given-up")
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no")}),
            "The mail server refused the address.",
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"bad"),
            "The mail server refused the app's user name or password.",
        ),
        (smtplib.SMTPDataError(451, b"later"), "The mail server refused the email for now."),
        (TimeoutError("timed out"), "The mail server could not be reached."),
        (OSError("odd"), "The email could not be handed to the mail server."),
    ],
)
def test_each_failure_is_described_in_plain_words(error, words):
    assert services.describe_error(error) == words


def test_the_command_says_how_many_are_unsent_on_a_dry_run(mail_server_down, capsys):
    _send()
    call_command("send_unsent_email", "--dry-run")
    assert "1 email(s) not yet sent; 0 given up on." in capsys.readouterr().out
    assert Email.objects.get().attempts == 1


def test_the_command_refuses_a_negative_age(capsys):
    with pytest.raises(SystemExit):
        call_command("send_unsent_email", "--older-than", "-1")
    assert "--older-than must be 0 or more seconds." in capsys.readouterr().err


def test_a_message_with_copies_is_refused_not_half_sent():
    message = mail.EmailMessage("Hello", "Body", to=["a@school.example"], cc=["b@school.example"])
    with pytest.raises(ValueError, match="no copies"):
        message.send()
    assert not Email.objects.exists()


def test_the_beat_schedule_queues_what_is_left_unsent(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-send-unsent"]
    assert entry["task"] == "outbox.tasks.send_unsent"
    assert send_unsent.name == "outbox.tasks.send_unsent"


def test_delivery_is_acknowledged_late_and_survives_a_lost_worker():
    assert deliver.acks_late is True
    assert deliver.reject_on_worker_lost is True
