"""Each workflow email goes to the right people with the right link: submitted → every director;
returned → the assessors; assigned → the assessor; issued → the headteacher. Plain text and
HTML, from templates; sent after the change has committed."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from assessments import services
from assessments.models import Framework
from tests.factories import DirectorFactory, HeadteacherFactory


def assessor_link(assessment) -> str:
    """The assessor's page for the assessment: the editor's overview once it is installed,
    their home page until then."""
    try:
        return settings.SITE_URL + reverse("assessment_overview", args=[assessment.pk])
    except NoReverseMatch:
        return settings.SITE_URL + reverse("home")


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def html_of(message) -> str:
    return next(content for content, kind in message.alternatives if kind == "text/html")


@pytest.mark.django_db
def test_submitted_goes_to_every_active_director_with_the_review_link(
    complete_draft, lead, director, django_capture_on_commit_callbacks
):
    second = DirectorFactory()
    DirectorFactory(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit(assessment=complete_draft, by=lead)
    assert sent_to() == sorted([director.email, second.email])
    link = settings.SITE_URL + reverse("review_assessment", args=[complete_draft.pk])
    for message in mail.outbox:
        assert len(message.to) == 1  # no one sees the others' addresses
        assert complete_draft.school.letter_name in message.subject
        assert link in message.body
        assert f'href="{link}"' in html_of(message)


@pytest.mark.django_db
def test_returned_goes_to_the_assessors_with_the_comment(
    submitted, lead, co_assessor, other_assessor, director, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return(assessment=submitted, by=director, comment="Element 4 needs <evidence>.")
    assert sent_to() == sorted([lead.email, co_assessor.email])
    for message in mail.outbox:
        assert "Element 4 needs <evidence>." in message.body
        assert "Element 4 needs &lt;evidence&gt;." in html_of(message)
        assert assessor_link(submitted) in message.body


@pytest.mark.django_db
def test_scheduling_emails_the_assessors_assigned(
    school, lead, co_assessor, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.assessment_schedule(
            school=school,
            framework=Framework.objects.get(is_current=True),
            kind="assessment",
            visit_start=datetime.date(2027, 3, 1),
            visit_end=datetime.date(2027, 3, 2),
            lead_assessor=lead,
            co_assessors=[co_assessor],
            by=director,
        )
    assert sent_to() == sorted([lead.email, co_assessor.email])
    for message in mail.outbox:
        assert "You are assigned" in message.subject
        assert "1–2 March 2027" in message.body
        assert assessor_link(assessment) in message.body


@pytest.mark.django_db
def test_assigning_emails_only_the_people_newly_assigned(
    draft, lead, co_assessor, other_assessor, director, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_assign(
            assessment=draft, lead_assessor=lead, co_assessors=[co_assessor, other_assessor], by=director
        )
    assert sent_to() == [other_assessor.email]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_assign(
            assessment=draft, lead_assessor=lead, co_assessors=[co_assessor, other_assessor], by=director
        )
    assert mail.outbox == []  # nothing changed, no one to tell


@pytest.mark.django_db
def test_issued_goes_to_the_schools_headteachers_only(
    submitted, director, headteacher, other_headteacher, django_capture_on_commit_callbacks
):
    deputy = HeadteacherFactory(school=submitted.school)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_confirm(assessment=submitted, by=director)
    assert sent_to() == sorted([headteacher.email, deputy.email])
    for message in mail.outbox:
        assert "report is ready" in message.subject
        assert settings.SITE_URL + reverse("home") in message.body


@pytest.mark.django_db
def test_an_import_of_a_historical_report_emails_no_one(django_capture_on_commit_callbacks, db):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", password="demo-password", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


@pytest.mark.django_db
def test_reopened_goes_to_the_assessors_with_the_reason(
    confirmed, director, lead, co_assessor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision = services.assessment_reopen(assessment=confirmed, by=director, reason="Fix the roll.")
    assert sent_to() == sorted([lead.email, co_assessor.email])
    assert "Fix the roll." in mail.outbox[0].body
    assert assessor_link(revision) in mail.outbox[0].body


@pytest.mark.django_db
def test_nothing_is_sent_when_the_change_is_rolled_back(
    complete_draft, lead, django_capture_on_commit_callbacks
):
    from django.db import transaction

    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.assessment_submit(assessment=complete_draft, by=lead)
        raise RuntimeError("something later failed")
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_undo_the_change(
    submitted, director, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMultiAlternatives

    def down(self, fail_silently=False):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return(assessment=submitted, by=director, comment="Again.")
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    assert "no SMTP server" in caplog.text


@pytest.mark.django_db
def test_a_school_name_with_a_line_break_does_not_stop_the_email(
    submitted, director, headteacher, django_capture_on_commit_callbacks
):
    school = submitted.school
    school.addressed_name = "Line one\nLine two"
    school.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_confirm(assessment=submitted, by=director)
    assert mail.outbox[0].subject.endswith("Line one Line two")


@pytest.mark.django_db
def test_the_headteacher_welcome_has_a_working_password_link(
    client, school, director, django_capture_on_commit_callbacks
):
    from schools.services import headteacher_login_create

    with django_capture_on_commit_callbacks(execute=True):
        user = headteacher_login_create(
            school=school, first_name="Hana", last_name="Khan", email="hana@school.example", by=director
        )
    (message,) = mail.outbox
    assert message.to == ["hana@school.example"]
    assert "Your username is: hana@school.example" in message.body
    link = next(line for line in message.body.splitlines() if "/schools/welcome/" in line).strip()
    assert link.startswith(settings.SITE_URL)
    response = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "Choose a password for your IQM Assessments login" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    )
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("a-long-new-passphrase")
