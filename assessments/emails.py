"""The workflow's emails: submitted → every director; returned → the assessors;
assigned → the assessor; issued → the school's headteachers.

Bodies come from templates (templates/emails/<event>.txt and .html)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from accounts.models import Role, User
from assessments.models import Assessment

SUBJECTS = {
    "submitted": "IQM assessment submitted for confirmation: {school}",
    "returned": "IQM assessment returned with comments: {school}",
    "assigned": "You are assigned to an IQM assessment: {school}",
    "issued": "Your IQM assessment report is ready: {school}",
}


def _recipients(event: str, assessment: Assessment, extra: list | None = None) -> list[str]:
    if event == "submitted":
        users = User.objects.filter(role=Role.DIRECTOR, is_active=True)
    elif event == "returned":
        users = assessment.assessors()
    elif event == "assigned":
        users = extra if extra is not None else assessment.assessors()
    elif event == "issued":
        users = User.objects.filter(role=Role.HEADTEACHER, school=assessment.school, is_active=True)
    else:
        raise ValueError(f"unknown email event {event!r}")
    return sorted({user.email for user in users if user.email})


def _link(event: str, assessment: Assessment) -> str:
    name = {"issued": "home"}.get(event, "assessment_overview")
    try:
        path = reverse(name, args=[assessment.pk]) if name != "home" else reverse("home")
    except NoReverseMatch:
        path = reverse("home")
    return settings.SITE_URL + path


def send_for_event(event: str, assessment_id: int, *, users: list | None = None) -> int:
    """Send the event's email to the people who need it; returns the number of messages sent."""
    assessment = Assessment.objects.select_related("school", "lead_assessor").get(pk=assessment_id)
    recipients = _recipients(event, assessment, users)
    if not recipients:
        return 0
    context = {"assessment": assessment, "link": _link(event, assessment), "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=SUBJECTS[event].format(school=assessment.school.name),
        body=render_to_string(f"emails/{event}.txt", context),
        to=recipients,
    )
    message.attach_alternative(render_to_string(f"emails/{event}.html", context), "text/html")
    return message.send()
