"""The workflow's emails, each with a link to the page the reader needs:

- submitted → every director, to the review page;
- returned, reopened → the assessors, to the assessment;
- assigned → the assessors newly assigned, to the assessment;
- issued → the school's headteachers, to their portal, where the report is downloaded.

(A new headteacher's login is emailed by schools.emails.)

Bodies come from templates (templates/emails/<event>.txt and .html). The backend is the
console by default and SMTP through settings (README.md).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accounts.emails import absolute, send
from accounts.models import Role, User
from assessments.models import Assessment

SUBJECTS = {
    "submitted": "IQM assessment submitted for confirmation: {school}",
    "returned": "IQM assessment returned with comments: {school}",
    "reopened": "IQM assessment reopened for a correction: {school}",
    "assigned": "You are assigned to an IQM assessment: {school}",
    "issued": "Your IQM assessment report is ready: {school}",
}


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


def send_for_event(event: str, assessment_id: int, *, user_ids: list[int] | None = None) -> int:
    """Send the event's email to the people who need it, one message each so no one sees the
    others' addresses; returns the number of messages sent."""
    assessment = Assessment.objects.select_related("school", "lead_assessor").get(pk=assessment_id)
    context = {"assessment": assessment, "link": _link(event, assessment), "site_url": settings.SITE_URL}
    subject = SUBJECTS[event].format(school=assessment.school.letter_name)
    return sum(
        send(subject=subject, template=event, context=context, to=[address])
        for address in _recipients(event, assessment, user_ids)
    )
