"""The factual check's emails (templates/emails/check_*.txt and .html):

- check_sent → the school's headteachers;
- check_commented, check_nothing → the lead assessor and every director;
- check_answered (every comment answered) → every director.
"""

from django.conf import settings

from accounts.emails import absolute, send
from accounts.models import Role, User
from assessments.emails import assessor_link
from assessments.models import Assessment

SUBJECTS = {
    "check_sent": "Please check the facts of your draft IQM report: {school}",
    "check_commented": "The school commented on its draft IQM report: {school}",
    "check_nothing": "The school found nothing to correct in its draft IQM report: {school}",
    "check_answered": "Every comment of the school's factual check is answered: {school}",
}


def _recipients(event: str, assessment: Assessment) -> list[str]:
    active = User.objects.filter(is_active=True).exclude(email="")
    if event == "check_sent":
        users = active.filter(role=Role.HEADTEACHER, school=assessment.school)
    elif event in ("check_commented", "check_nothing"):
        users = active.filter(role=Role.DIRECTOR) | active.filter(pk=assessment.lead_assessor_id)
    elif event == "check_answered":
        users = active.filter(role=Role.DIRECTOR)
    else:
        raise ValueError(f"unknown email event {event!r}")
    return sorted({user.email for user in users})


def _link(event: str, assessment: Assessment) -> str:
    """The school's page of its check for the headteacher; the assessors' page of the check for
    the others."""
    from django.urls import reverse

    from factcheck.models import FactualCheck

    check = FactualCheck.objects.filter(assessment=assessment).first()
    if check is None:
        return assessor_link(assessment)
    if event == "check_sent":
        return absolute(reverse("factcheck_school", args=[check.pk]))
    return absolute(reverse("factcheck_assessor", args=[assessment.pk]))


def send_for_event(event: str, assessment_id: int) -> int:
    assessment = Assessment.objects.select_related("school", "lead_assessor").get(pk=assessment_id)
    link = _link(event, assessment)
    context = {"assessment": assessment, "link": link, "site_url": settings.SITE_URL}
    subject = SUBJECTS[event].format(school=assessment.school.letter_name)
    return sum(
        send(subject=subject, template=event, context=context, to=[address])
        for address in _recipients(event, assessment)
    )
