"""The workflow's emails, each with a link to the page the reader needs:

- submitted → every director, to the review page;
- returned, reopened → the assessors, to the assessment;
- assigned → the assessors newly assigned, to the assessment;
- issued → the school's headteachers, to their portal, where the report is downloaded;
- a new headteacher login → the headteacher, with a link to choose a password.

Bodies come from templates (templates/emails/<event>.txt and .html). The backend is the
console by default and SMTP through settings (README.md).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, User
from assessments.models import Assessment

SUBJECTS = {
    "submitted": "IQM assessment submitted for confirmation: {school}",
    "returned": "IQM assessment returned with comments: {school}",
    "reopened": "IQM assessment reopened for a correction: {school}",
    "assigned": "You are assigned to an IQM assessment: {school}",
    "issued": "Your IQM assessment report is ready: {school}",
}


def absolute(path: str) -> str:
    """The full address of a path on this site, for a link in an email."""
    return settings.SITE_URL + path


def assessor_link(assessment: Assessment) -> str:
    """Where an assessor works on the assessment: its overview in the editor, or their home
    page, which lists their assessments, while the editor is not installed."""
    try:
        return absolute(reverse("assessment_overview", args=[assessment.pk]))
    except NoReverseMatch:
        return absolute(reverse("home"))


def _link(event: str, assessment: Assessment) -> str:
    if event == "submitted":
        return absolute(reverse("review_assessment", args=[assessment.pk]))
    if event == "issued":
        return absolute(reverse("home"))
    return assessor_link(assessment)


def _recipients(event: str, assessment: Assessment, user_ids: list[int] | None) -> list[str]:
    active = User.objects.filter(is_active=True).exclude(email="")
    if event == "submitted":
        users = active.filter(role=Role.DIRECTOR)
    elif event in ("returned", "reopened"):
        users = active.filter(pk__in=[person.pk for person in assessment.assessors()])
    elif event == "assigned":
        ids = user_ids if user_ids is not None else [person.pk for person in assessment.assessors()]
        users = active.filter(pk__in=ids)
    elif event == "issued":
        users = active.filter(role=Role.HEADTEACHER, school=assessment.school)
    else:
        raise ValueError(f"unknown email event {event!r}")
    return sorted({user.email for user in users})


def _one_line(text: str) -> str:
    # A header cannot hold a line break; a school name typed with one must not stop the email.
    return " ".join(text.split())


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> int:
    message = EmailMultiAlternatives(
        subject=_one_line(subject),
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message.send()


def send_for_event(event: str, assessment_id: int, *, user_ids: list[int] | None = None) -> int:
    """Send the event's email to the people who need it, one message each so no one sees the
    others' addresses; returns the number of messages sent."""
    assessment = Assessment.objects.select_related("school", "lead_assessor").get(pk=assessment_id)
    context = {"assessment": assessment, "link": _link(event, assessment), "site_url": settings.SITE_URL}
    subject = SUBJECTS[event].format(school=assessment.school.letter_name)
    return sum(
        _send(subject=subject, template=event, context=context, to=[address])
        for address in _recipients(event, assessment, user_ids)
    )


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
    return _send(
        subject=f"Your IQM Assessments login: {user.school.letter_name}",
        template="headteacher_welcome",
        context=context,
        to=[user.email],
    )
