"""The second reading's emails: the readers when a report enters the queue, the assessors once per
round of comments (not once per comment), the directors at sign-off."""

import pytest
from django.core import mail

from accounts.models import Role
from assessments.services import assessment_submit
from reading import services
from tests.factories import AssessmentFactory, UserFactory, fill_complete

pytestmark = pytest.mark.django_db


def _to(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)


def test_the_readers_are_emailed_when_a_report_enters_the_queue(
    rule, reader, lead, director, django_capture_on_commit_callbacks
):
    on_the_visit = UserFactory(role=Role.QA_READER)
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead))
    assessment.co_assessors.add(on_the_visit)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, by=lead)
    queued = [m for m in mail.outbox if "second reading" in m.subject]
    assert _to(queued) == [reader.email]
    assert f"/reading/{assessment.reading.pk}/" in queued[0].body


def test_the_assessors_get_one_email_per_round_not_per_comment(
    read, reader, lead, co_assessor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("One.", "Two.", "Three."):
            services.comment_add(reading=read, by=reader, part="summary", text=text)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_send(reading=read, by=reader) == 3
    assert _to(mail.outbox) == sorted([lead.email, co_assessor.email])
    assert "3 comments" in mail.outbox[0].body
    assert f"/assessments/{read.assessment_id}/reading/" in mail.outbox[0].body
    mail.outbox.clear()
    with pytest.raises(services.ReadingError, match="no new comments"):
        services.round_send(reading=read, by=reader)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(reading=read, by=reader, part="summary", text="Four.")
        services.round_send(reading=read, by=reader)
    assert len(mail.outbox) == 2 and "1 comment " in mail.outbox[0].body


def test_the_directors_are_emailed_at_sign_off(read, reader, director, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reading_sign_off(reading=read, by=reader)
    assert _to(mail.outbox) == [director.email]
    assert "signed off" in mail.outbox[0].subject
    assert f"/review/{read.assessment_id}/" in mail.outbox[0].body
