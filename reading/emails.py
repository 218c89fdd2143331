"""The second reading's emails (templates/emails/reading_*.txt and .html), sent through
accounts.emails.send with the category "work":

- reading_queued → the quality-assurance readers (none on the visit), when a report enters the
  queue;
- reading_comments → the visit's assessors, once per round of the reader's comments;
- reading_signed_off → every director, when the reader signs the report off.
"""

from django.conf import settings
from django.urls import reverse

from accounts.emails import absolute, send
from accounts.models import Role, User
from reading.models import Reading

SUBJECTS = {
    "reading_queued": "A report waits for its second reading: {school}",
    "reading_comments": "The second reader has commented on your report: {school}",
    "reading_signed_off": "The second reading is signed off: {school}",
}


def _recipients(event: str, reading: Reading) -> list[str]:
    assessment = reading.assessment
    active = User.objects.filter(is_active=True).exclude(email="")
    assigned = [person.pk for person in assessment.assessors()]
    if event == "reading_queued":
        users = active.filter(role=Role.QA_READER).exclude(pk__in=assigned)
    elif event == "reading_comments":
        users = active.filter(pk__in=assigned)
    elif event == "reading_signed_off":
        users = active.filter(role=Role.DIRECTOR)
    else:
        raise ValueError(f"unknown email event {event!r}")
    return sorted({user.email for user in users})


def _link(event: str, reading: Reading) -> str:
    if event == "reading_queued":
        return absolute(reverse("reading_page", args=[reading.pk]))
    if event == "reading_comments":
        return absolute(reverse("reading_assessor", args=[reading.assessment_id]))
    return absolute(reverse("review_assessment", args=[reading.assessment_id]))


def send_for_event(event: str, reading_id: int) -> int:
    """Send the event's email to each of its recipients; returns how many were sent."""
    reading = Reading.objects.select_related("assessment__school", "assessment__kind").get(pk=reading_id)
    assessment = reading.assessment
    context = {
        "assessment": assessment,
        "reading": reading,
        "link": _link(event, reading),
        "site_url": settings.SITE_URL,
        "comments": reading.comments.filter(round=reading.round - 1).count()
        if event == "reading_comments"
        else 0,
    }
    subject = SUBJECTS[event].format(school=assessment.school.letter_name)
    return sum(
        send(
            subject=subject,
            template=event,
            context=context,
            to=[address],
            category="work",
            school_id=assessment.school_id,
        )
        for address in _recipients(event, reading)
    )
