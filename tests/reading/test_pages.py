"""The second reading's pages through the client: the queue (oldest first, 404 for others, a
fixed number of queries), the reading page and its forms, the assessor's page, the element page's
panel, the assessor's home count, the review page's panel and the director's rule and figures."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment, Statement, StatementKind
from assessments.services import assessment_submit
from reading import services
from reading.models import Comment, Reading, ReadingRule
from tests.factories import AssessmentFactory, AssessorFactory, UserFactory, fill_complete

pytestmark = pytest.mark.django_db


def _queued(n: int, rule) -> list[Reading]:
    """n reports of n new lead assessors, each in the queue."""
    readings = []
    for _ in range(n):
        lead = AssessorFactory()
        assessment = assessment_submit(
            assessment=fill_complete(AssessmentFactory(lead_assessor=lead)), by=lead
        )
        readings.append(assessment.reading)
    return readings


def test_the_queue_lists_waiting_reports_oldest_first(client, rule, reader):
    older, newer = _queued(2, rule)
    Reading.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    client.force_login(reader)
    page = client.get("/reading/").content.decode()
    assert page.index(older.assessment.school.name) < page.index(newer.assessment.school.name)
    assert "<td>5</td>" in page
    assert "One of the assessor&#x27;s first reports" in page
    # The reader's home is the queue.
    assert client.get("/").content.decode().count("Reports waiting for a second reading") >= 1


def test_the_queue_leaves_out_the_readers_own_visits(client, read, director):
    read.assessment.co_assessors.add(director)
    client.force_login(director)
    assert read.assessment.school.name not in client.get("/reading/").content.decode()
    assert client.get(f"/reading/{read.pk}/").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_runs_a_fixed_number_of_queries(client, rule, reader, django_assert_num_queries, size):
    _queued(size, rule)
    client.force_login(reader)
    client.get("/reading/")  # the session and user
    with django_assert_num_queries(3):
        response = client.get("/reading/")
    assert response.content.decode().count('<a href="/reading/') == size


@pytest.mark.parametrize("comments", [1, 8])
def test_the_review_page_reads_the_reading_in_a_fixed_number_of_queries(
    client, read, reader, director, django_assert_num_queries, comments
):
    for number in range(comments):
        comment = services.comment_add(reading=read, by=reader, part="summary", text=f"Comment {number}.")
        services.reply_add(comment=comment, by=reader, text="A reply.")
    client.force_login(director)
    client.get(f"/review/{read.assessment_id}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        page = client.get(f"/review/{read.assessment_id}/").content.decode()
    reading_queries = [q for q in seen.captured_queries if '"reading_' in q["sql"]]
    assert len(reading_queries) == 4  # the reading, the outcome, the comments, their replies
    assert f"{comments} (0 resolved, {comments} open)" in page


def test_a_reader_comments_suggests_and_signs_off_through_the_page(
    client, read, reader, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    page = client.get(f"/reading/{read.pk}/").content.decode()
    assert "The letter, part by part" in page and "Save the comment" in page
    response = client.post(
        f"/reading/{read.pk}/comments/",
        {"part": "summary", "quote": "outstanding", "text": "Which evidence?", "suggestion": "exceptional"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.quote, comment.suggestion_state) == ("outstanding", Comment.Suggestion.OPEN)
    page = client.get(f"/reading/{read.pk}/").content.decode()
    assert "<mark>outstanding</mark>" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/reading/{read.pk}/send/").status_code == 302
        assert client.post(f"/reading/{read.pk}/sign-off/").status_code == 302
    read.refresh_from_db()
    assert read.status == Reading.Status.SIGNED_OFF


def test_bad_input_keeps_the_comment_and_says_why(client, read, reader):
    client.force_login(reader)
    response = client.post(
        f"/reading/{read.pk}/comments/", {"part": "summary", "quote": "nowhere", "text": "My long comment."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not in that part" in page and "My long comment." in page
    response = client.post(
        f"/reading/{read.pk}/comments/", {"part": "summary", "start": "0", "end": "9999", "text": "Hm."}
    )
    assert "outside the text" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_assessor_accepts_and_rejects_on_their_page(client, read, reader, lead):
    accepted = services.comment_add(
        reading=read,
        by=reader,
        part="summary",
        text="Stronger?",
        quote="outstanding",
        suggestion="exceptional",
    )
    item = Statement.objects.get(assessment=read.assessment, kind=StatementKind.KEY_SUCCESS)
    rejected = services.comment_add(
        reading=read, by=reader, part=f"item:{item.pk}", text="Longer?", suggestion="Safeguarding is strong."
    )
    client.force_login(lead)
    page = client.get(f"/assessments/{read.assessment_id}/reading/").content.decode()
    assert '<del><span class="visually-hidden">removed: </span>outstanding.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>exceptional.</ins>' in page
    client.post(
        f"/assessments/{read.assessment_id}/reading/{accepted.pk}/accept/",
        {"version": read.assessment.version},
    )
    client.post(
        f"/assessments/{read.assessment_id}/reading/{rejected.pk}/reject/",
        {"reason": "It is short on purpose."},
    )
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert accepted.suggestion_state == "accepted"
    assert (rejected.suggestion_state, rejected.reject_reason) == ("rejected", "It is short on purpose.")
    page = client.get(f"/assessments/{read.assessment_id}/reading/").content.decode()
    assert "Rejected by" in page


def test_replies_resolve_and_reopen_through_the_pages(client, read, reader, lead):
    comment = services.comment_add(reading=read, by=reader, part="summary", text="Say more.")
    client.force_login(lead)
    response = client.post(f"/reading/comments/{comment.pk}/reply/", {"text": "Done."})
    assert response.url == f"/assessments/{read.assessment_id}/reading/"
    client.post(f"/reading/comments/{comment.pk}/resolve/")
    comment.refresh_from_db()
    assert comment.is_resolved
    client.force_login(reader)
    response = client.post(f"/reading/comments/{comment.pk}/reopen/")
    assert response.url == f"/reading/{read.pk}/"
    comment.refresh_from_db()
    assert not comment.is_resolved and comment.replies.get().text == "Done."


def test_the_element_page_shows_the_readers_comments_beside_the_text(client, read, reader, lead):
    services.comment_add(
        reading=read, by=reader, part="element:3", text="Name the governors.", quote="Narrative"
    )
    client.force_login(lead)
    page = client.get(f"/assessments/{read.assessment_id}/elements/3/").content.decode()
    assert "The second reader's comments on element 3" in page and "Name the governors." in page
    assert (
        "Name the governors."
        not in client.get(f"/assessments/{read.assessment_id}/elements/4/").content.decode()
    )


def test_the_assessors_home_counts_open_comments(client, read, reader, lead):
    for text in ("One.", "Two."):
        services.comment_add(reading=read, by=reader, part="summary", text=text)
    client.force_login(lead)
    assert "2 comments of the second reader are open." in client.get("/").content.decode()


def test_the_assessors_home_says_the_report_waits_for_the_reader_until_the_sign_off(
    client, read, reader, lead
):
    client.force_login(lead)
    home = client.get("/").content.decode()
    assert "In its second reading: a director confirms it once the reader signs it off." in home
    assert "Waiting for a director to confirm it." not in home
    services.reading_sign_off(reading=read, by=reader)
    home = client.get("/").content.decode()
    assert "In its second reading" not in home and "Waiting for a director to confirm it." in home


def test_the_review_page_shows_the_outcome_and_the_director_overrides(client, read, reader, lead, director):
    comment = services.comment_add(reading=read, by=reader, part="summary", text="More.", suggestion="x")
    services.suggestion_reject(comment=comment, by=lead, reason="No.")
    client.force_login(director)
    page = client.get(f"/review/{read.assessment_id}/").content.decode()
    assert "1 accepted" not in page and "0 accepted, 1 rejected, 0 waiting" in page
    assert "Override the second reading" in page
    response = client.post(f"/review/{read.assessment_id}/confirm/", {"version": read.assessment.version})
    read.assessment.refresh_from_db()
    assert read.assessment.status == "submitted"
    client.post(f"/review/{read.assessment_id}/reading/override/", {"reason": "Read by me."})
    read.refresh_from_db()
    assert read.status == Reading.Status.OVERRIDDEN
    assert response.status_code == 302


def test_a_director_asks_for_a_reading_from_the_review_page(client, submitted, director):
    client.force_login(director)
    assert "Ask for a second reading" in client.get(f"/review/{submitted.pk}/").content.decode()
    client.post(f"/review/{submitted.pk}/reading/ask/")
    assert Reading.objects.get(assessment=submitted).reason == Reading.Reason.ASKED


def test_the_director_sets_the_rule(client, director):
    client.force_login(director)
    assert client.get("/review/reading/rule/").status_code == 200
    response = client.post("/review/reading/rule/", {"first_reports": "3", "percentage": "150"})
    assert response.status_code == 400
    client.post("/review/reading/rule/", {"first_reports": "3", "percentage": "15", "kinds": ["coe_review"]})
    rule = ReadingRule.current()
    assert (rule.first_reports, rule.percentage) == (3, 15)
    assert [k.code for k in rule.kinds.all()] == ["coe_review"]


def test_the_figures_per_assessor_as_a_table_and_a_chart(client, read, reader, director):
    services.comment_add(reading=read, by=reader, part="summary", text="One.")
    services.comment_add(reading=read, by=reader, part="summary", text="Two.")
    client.force_login(director)
    page = client.get("/review/reading/figures/").content.decode()
    assert f'<th scope="row">{read.assessment.lead_assessor}</th><td>1</td><td>2.0</td>' in page
    assert "<svg" in page and "<rect" in page


def test_a_reader_gets_404_for_a_report_not_in_their_queue(client, read, reader, director):
    other_reader = UserFactory(role="qa_reader")
    client.force_login(other_reader)
    assert client.get(f"/reading/{read.pk}/").status_code == 200
    services.reading_sign_off(reading=read, by=reader)
    # Signed off by someone else: out of the queue.
    assert client.get(f"/reading/{read.pk}/").status_code == 404
    assert (
        client.post(f"/reading/{read.pk}/comments/", {"part": "summary", "text": "Late."}).status_code == 404
    )
    # The one who signed it off still reads it; a director too.
    client.force_login(reader)
    assert client.get(f"/reading/{read.pk}/").status_code == 200
    client.force_login(director)
    assert client.get(f"/reading/{read.pk}/").status_code == 200
    # A reading that is not there.
    client.force_login(other_reader)
    assert client.get(f"/reading/{Reading.objects.order_by('-pk').first().pk + 1}/").status_code == 404


def test_a_comment_after_confirmation_gets_a_clear_message_on_the_page(client, read, reader, director):
    from assessments.services import assessment_confirm

    services.reading_sign_off(reading=read, by=reader)
    assessment_confirm(assessment=read.assessment, by=director, notify=False)
    client.force_login(director)
    page = client.get(f"/reading/{read.pk}/").content.decode()
    assert "This report is confirmed and issued: it takes no more comments." in page
    assert "Save the comment" not in page


def test_the_pages_of_the_letters_sections_show_the_readers_comments_on_them(client, read, reader, lead):
    item = Statement.objects.get(assessment=read.assessment, kind=StatementKind.KEY_SUCCESS)
    services.comment_add(reading=read, by=reader, part="summary", text="On the summary.", quote="inclusive")
    services.comment_add(reading=read, by=reader, part=f"item:{item.pk}", text="On the key success.")
    services.comment_add(reading=read, by=reader, part="recommendation", text="On the recommendation.")
    client.force_login(lead)
    pages = {
        key: client.get(f"/assessments/{read.assessment_id}/{key}/").content.decode()
        for key in ("summary", "key_successes", "outcome", "context")
    }
    assert "The second reader's comments on this page" in pages["summary"]
    assert "On the summary." in pages["summary"] and "<mark>inclusive</mark>" in pages["summary"]
    assert "On the key success." in pages["key_successes"] and "On the summary." not in pages["key_successes"]
    assert "On the recommendation." in pages["outcome"]
    assert "The second reader's comments" not in pages["context"]


def test_a_themed_sections_page_shows_the_readers_comments_on_it(client, rule, reader, lead, director):
    from assessments.kinds import ReportStructure
    from assessments.models import Section
    from assessments.sections import section_add

    assessment = fill_complete(AssessmentFactory(lead_assessor=lead))
    assessment.report_structure = ReportStructure.THEMED
    assessment.save()
    section = section_add(assessment=assessment, by=lead, heading="Pupils", narrative="Pupils feel safe.")
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    reading = services.reading_ask(assessment=Assessment.objects.get(pk=assessment.pk), by=director)
    services.comment_add(
        reading=reading, by=reader, part=f"section:{section.pk}", text="Whose words?", quote="safe"
    )
    assert Section.objects.filter(pk=section.pk).exists()
    client.force_login(lead)
    page = client.get(f"/assessments/{assessment.pk}/sections/{section.pk}/").content.decode()
    assert "Whose words?" in page and "<mark>safe</mark>" in page
