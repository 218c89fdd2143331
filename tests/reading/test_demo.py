"""The demo's second reading: a quality-assurance reader's login and a submitted report in the
queue carrying anchored comments and a suggested change."""

import pytest

from accounts.models import User
from reading.models import Comment, Reading

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_reader_and_a_submitted_report_with_comments_and_a_suggestion(demo, client):
    reader = User.objects.get(username="reader")
    assert reader.role == "qa_reader" and reader.check_password("demo-password")
    reading = Reading.objects.get(
        assessment__status="submitted", assessment__school__name="Brookfield Primary School"
    )
    assert reading.is_open
    comments = list(Comment.objects.filter(reading=reading))
    assert any(c.quote for c in comments)
    assert any(c.suggestion_state == Comment.Suggestion.OPEN for c in comments)
    client.force_login(reader)
    queue = client.get("/").content.decode()
    assert "Brookfield Primary School" in queue
    page = client.get(f"/reading/{reading.pk}/").content.decode()
    assert "<mark>place inclusion at the heart of its work</mark>" in page
    client.force_login(User.objects.get(username="assessor"))
    assert "comments of the second reader are open" in client.get("/").content.decode()
    mine = client.get(f"/assessments/{reading.assessment_id}/reading/").content.decode()
    assert "Suggested change" in mine and "Accept" in mine


def test_the_demo_report_was_submitted_after_its_visit_and_the_director_sees_when(demo, client):
    reading = Reading.objects.select_related("assessment").get(
        assessment__status="submitted", assessment__school__name="Brookfield Primary School"
    )
    assessment = reading.assessment
    assert assessment.visit_end < assessment.letter_date <= assessment.submitted_at.date()
    client.force_login(User.objects.get(username="director"))
    home = client.get("/").content.decode()
    assert "24–25 November 2026" in home and "2 December 2026" in home


def test_the_rule_sent_the_demo_report_to_the_readers_the_day_it_was_submitted(demo):
    reading = Reading.objects.select_related("assessment").get(
        assessment__status="submitted", assessment__school__name="Brookfield Primary School"
    )
    # As submitting it in the app would: the rule's reason, and queued when it was submitted, so
    # the queue's "days waiting" counts from then, not from when the demo was loaded.
    assert reading.reason != Reading.Reason.ASKED and reading.asked_by is None
    assert reading.created_at == reading.assessment.submitted_at
