"""The self-evaluation's email (templates/emails/selfeval_submitted.txt and .html): when the
school submits it, the visit's assessors are told, with a link to read it."""

from django.conf import settings
from django.urls import reverse

from accounts.emails import absolute, send
from assessments.models import Assessment

SUBJECT = "The school has submitted its self-evaluation: {school}"


def send_submitted(assessment_id: int) -> int:
    """One message to each of the visit's active assessors with an address; returns how many."""
    assessment = Assessment.objects.select_related("school", "lead_assessor").get(pk=assessment_id)
    addresses = sorted(
        {user.email for user in assessment.assessors() if user is not None and user.is_active and user.email}
    )
    context = {
        "assessment": assessment,
        "link": absolute(reverse("selfeval_overview", args=[assessment.pk])),
        "site_url": settings.SITE_URL,
    }
    subject = SUBJECT.format(school=assessment.school.letter_name)
    return sum(
        send(subject=subject, template="selfeval_submitted", context=context, to=[address])
        for address in addresses
    )
