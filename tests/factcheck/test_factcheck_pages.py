"""The pages of the evidence log and the factual-accuracy check (factcheck.views): who may open
each, the director sending the draft, the school's comments and "nothing to correct", the lead
assessor's answers, confirmation waiting for the check, the emails, and escaped text."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.models import Event, Status
from factcheck import services as fc
from factcheck.models import CheckComment, CommentAnswer, DocumentSeen, FactualCheck, Meeting
from tests.factories import HeadteacherFactory
from tests.letter_pdf import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())


@pytest.fixture
def head(submitted):
    return HeadteacherFactory(school=submitted.school, email="head@example.org")


@pytest.fixture
def check(submitted, director, head):
    return fc.check_send(assessment=submitted, by=director)


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Access ---------------------------------------------------------------------------------------


def test_the_school_page_is_for_the_schools_own_people(
    client, check, head, other_headteacher, lead, director, admin_user
):
    url = reverse("factcheck_school", args=[check.pk])
    page = _page(client, head, url)
    assert page.status_code == 200
    assert "DRAFT" in page.content.decode()
    colleague = HeadteacherFactory(role=Role.SCHOOL_USER, school=head.school)
    assert _page(client, colleague, url).status_code == 200
    for someone in (other_headteacher, lead, director, admin_user):
        assert _page(client, someone, url).status_code == 404, someone
    client.logout()
    assert client.get(url).status_code == 302


def test_the_schools_home_links_the_draft_to_check_until_it_is_confirmed(client, submitted, director, head):
    home = reverse("home")
    assert "Draft letters to check" not in _page(client, head, home).content.decode()
    check = fc.check_send(assessment=submitted, by=director)
    page = _page(client, head, home).content.decode()
    assert "Draft letters to check" in page
    assert reverse("factcheck_school", args=[check.pk]) in page
    colleague = HeadteacherFactory(role=Role.SCHOOL_USER, school=head.school)
    assert reverse("factcheck_school", args=[check.pk]) in _page(client, colleague, home).content.decode()
    other = HeadteacherFactory()
    assert "Draft letters to check" not in _page(client, other, home).content.decode()


def test_the_school_sees_nothing_before_the_draft_is_sent(client, submitted, head):
    assert FactualCheck.objects.count() == 0
    assert _page(client, head, reverse("factcheck_school", args=[1])).status_code == 404


def test_the_draft_pdf_is_for_the_school(client, check, head, other_headteacher):
    url = reverse("factcheck_school_pdf", args=[check.pk])
    response = _page(client, head, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "DRAFT" in response["Content-Disposition"]
    assert _page(client, other_headteacher, url).status_code == 404


def test_the_draft_pdf_is_rendered_as_a_draft(client, check, head, monkeypatch):
    from reports import letter

    seen = {}

    def render_pdf(assessment, *, draft):
        seen["draft"] = draft
        return b"%PDF-1.7\n"

    monkeypatch.setattr(letter, "render_pdf", render_pdf)
    _page(client, head, reverse("factcheck_school_pdf", args=[check.pk]))
    assert seen == {"draft": True}


def test_the_assessors_pages_are_for_the_team(
    client, submitted, lead, co_assessor, other_assessor, director, head
):
    for name in ("factcheck_evidence_log", "factcheck_assessor"):
        url = reverse(name, args=[submitted.pk])
        for user in (lead, co_assessor, director):
            assert _page(client, user, url).status_code == 200, (name, user)
        for user in (other_assessor, head):
            assert _page(client, user, url).status_code == 404, (name, user)


def test_sending_is_for_directors(client, submitted, lead, head):
    url = reverse("factcheck_send", args=[submitted.pk])
    for user in (lead, head):
        client.force_login(user)
        assert client.post(url, {"deadline": "2099-01-01"}).status_code == 404
    assert FactualCheck.objects.count() == 0


# The director sends the draft ----------------------------------------------------------------


def test_the_review_page_offers_to_send_with_five_working_days(client, submitted, director):
    page = _page(client, director, reverse("review_assessment", args=[submitted.pk])).content.decode()
    assert "Send the draft to the school for a factual-accuracy check" in page
    assert f'value="{fc.default_deadline():%Y-%m-%d}"' in page


def test_send_with_the_default_deadline_emails_the_school(
    client, submitted, director, head, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("factcheck_send", args=[submitted.pk]),
            {"deadline": f"{fc.default_deadline():%Y-%m-%d}"},
            follow=True,
        )
    check = FactualCheck.objects.get(assessment=submitted)
    assert check.deadline == fc.default_deadline()
    assert "sent to the school" in " ".join(_messages(response))
    assert [m.to for m in mail.outbox] == [["head@example.org"]]
    assert reverse("factcheck_school", args=[check.pk]) in mail.outbox[0].body
    assert Event.objects.filter(assessment=submitted, action="check_sent").exists()
    page = response.content.decode()
    assert "Deadline for the school&#x27;s answer" in page or "Deadline for the school's answer" in page
    assert "Not yet: The factual check is open" in page


def test_an_empty_deadline_is_five_working_days(client, submitted, director, head):
    client.force_login(director)
    client.post(reverse("factcheck_send", args=[submitted.pk]), {"deadline": ""})
    assert FactualCheck.objects.get(assessment=submitted).deadline == fc.default_deadline()


def test_the_review_page_shows_nothing_to_correct(client, check, head, director):
    fc.nothing_to_correct(assessment=check.assessment, by=head)
    assert Event.objects.filter(assessment=check.assessment, action="check_nothing").exists()
    page = _page(client, director, reverse("review_assessment", args=[check.assessment_id])).content.decode()
    assert "Nothing to correct" in page
    assert "Not yet:" not in page
    assert "Send the draft to the school" not in page


def test_a_past_deadline_is_refused_and_nothing_is_sent(client, submitted, director, head):
    client.force_login(director)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("factcheck_send", args=[submitted.pk]), {"deadline": f"{yesterday:%Y-%m-%d}"}, follow=True
    )
    assert "is in the past. Nothing was sent." in " ".join(_messages(response))
    assert FactualCheck.objects.count() == 0
    assert not mail.outbox
    response = client.post(reverse("factcheck_send", args=[submitted.pk]), {"deadline": "soon"}, follow=True)
    assert "Enter the deadline as a date" in " ".join(_messages(response))
    assert FactualCheck.objects.count() == 0


# The school comments --------------------------------------------------------------------------


def test_a_comment_on_an_element_is_stored_and_emailed(
    client, check, head, lead, director, django_capture_on_commit_callbacks
):
    client.force_login(head)
    page = client.get(reverse("factcheck_school", args=[check.pk])).content.decode()
    assert 'value="element:1"' in page and 'value="section:summary"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("factcheck_school_comment", args=[check.pk]),
            {"target": "element:1", "text": "Our SENCo is <b>Ms Reid</b>."},
            follow=True,
        )
    comment = CheckComment.objects.get()
    assert (comment.target, comment.text, comment.author) == (
        "element:1",
        "Our SENCo is <b>Ms Reid</b>.",
        head,
    )
    page = response.content.decode()
    assert "Our SENCo is &lt;b&gt;Ms Reid&lt;/b&gt;." in page
    assert "<b>Ms Reid</b>" not in page
    recipients = {address for m in mail.outbox for address in m.to}
    assert {lead.email, director.email} <= recipients
    assert Event.objects.filter(action="check_commented").exists()


def test_a_comment_on_a_section_that_does_not_exist_is_refused(client, check, head):
    client.force_login(head)
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:nope", "text": "Kept"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The letter has no section or element" in page
    assert "Kept" in page  # the text typed is shown again
    assert CheckComment.objects.count() == 0
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:summary"}
    )
    assert response.status_code == 400 and "Write the comment." in response.content.decode()
    assert CheckComment.objects.count() == 0


def test_nothing_to_correct(client, check, head, lead, django_capture_on_commit_callbacks):
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("factcheck_school_nothing", args=[check.pk]), follow=True)
    check.refresh_from_db()
    assert check.nothing_to_correct_by == head
    assert "nothing to correct" in " ".join(_messages(response))
    assert any(lead.email in m.to for m in mail.outbox)
    assert "Comments can no longer be added" in response.content.decode()
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:summary", "text": "x"}
    )
    assert "already said there is nothing to correct" in response.content.decode()
    assert CheckComment.objects.count() == 0


def test_a_comment_after_the_deadline_is_refused(client, check, head):
    FactualCheck.objects.filter(pk=check.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(head)
    page = client.get(reverse("factcheck_school", args=[check.pk])).content.decode()
    assert "has passed" in page and "Send the comment" not in page
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:summary", "text": "late"}
    )
    assert "has passed. Nothing was saved." in response.content.decode()
    assert CheckComment.objects.count() == 0


# The lead assessor answers; the director confirms ---------------------------------------------


def test_answer_then_confirm(
    client, check, head, lead, co_assessor, director, django_capture_on_commit_callbacks
):
    comment = fc.comment_add(
        assessment=check.assessment, by=head, target="section:summary", text="A <i>date</i>."
    )
    confirm = reverse("review_confirm", args=[check.assessment_id])
    client.force_login(director)
    review = client.get(reverse("review_assessment", args=[check.assessment_id])).content.decode()
    assert "1 of the school&#x27;s comments wait" in review
    assert "A &lt;i&gt;date&lt;/i&gt;." in review
    response = client.post(confirm, {"version": check.assessment.version}, follow=True)
    assert "1 of the school's comments wait" in " ".join(_messages(response))
    assert check.assessment.__class__.objects.get(pk=check.assessment_id).status == Status.SUBMITTED

    url = reverse("factcheck_assessor", args=[check.assessment_id])
    assert "Save the answer" not in _page(client, co_assessor, url).content.decode()
    answer = reverse("factcheck_answer", args=[check.assessment_id, comment.pk])
    client.force_login(co_assessor)
    client.post(answer, {f"c{comment.pk}-changed": "no", f"c{comment.pk}-text": "x"})
    assert CommentAnswer.objects.count() == 0
    page = _page(client, lead, url).content.decode()
    assert "Save the answer" in page and "A &lt;i&gt;date&lt;/i&gt;." in page
    response = client.post(answer, {f"c{comment.pk}-changed": "yes"}, follow=True)
    assert "Say what was changed, or why nothing was. Nothing was saved." in " ".join(_messages(response))
    assert CommentAnswer.objects.count() == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            answer, {f"c{comment.pk}-changed": "yes", f"c{comment.pk}-text": "Fixed <the> date."}, follow=True
        )
    stored = CommentAnswer.objects.get()
    assert (stored.changed, stored.text) == (True, "Fixed <the> date.")
    assert "Fixed &lt;the&gt; date." in response.content.decode()
    assert mail.outbox and all(director.email in m.to for m in mail.outbox)
    assert Event.objects.filter(action="check_answered").exists()

    client.force_login(director)
    review = client.get(reverse("review_assessment", args=[check.assessment_id])).content.decode()
    assert "Not yet:" not in review and "Fixed &lt;the&gt; date." in review
    client.post(confirm, {"version": check.assessment.version})
    assert check.assessment.__class__.objects.get(pk=check.assessment_id).status == Status.CONFIRMED


def test_after_confirmation_comments_and_answers_are_refused(client, check, head, lead, director):
    from assessments.services import assessment_confirm

    comment = fc.comment_add(assessment=check.assessment, by=head, target="section:summary", text="x")
    fc.comment_answer(comment=comment, by=lead, changed=False, text="Right.")
    assessment_confirm(assessment=check.assessment, by=director, notify=False)
    late = CheckComment.objects.create(
        factual_check=check, target="section:summary", text="y", author=head, created_at=timezone.now()
    )
    client.force_login(head)
    page = client.get(reverse("factcheck_school", args=[check.pk])).content.decode()
    assert "confirmed" in page and "Send the comment" not in page
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:summary", "text": "late"}
    )
    assert response.status_code == 400 and "its factual check is closed" in response.content.decode()
    assert CheckComment.objects.count() == 2
    client.force_login(lead)
    response = client.post(
        reverse("factcheck_answer", args=[check.assessment_id, late.pk]),
        {f"c{late.pk}-changed": "no", f"c{late.pk}-text": "late"},
        follow=True,
    )
    assert "its factual check is closed" in " ".join(_messages(response))
    assert CommentAnswer.objects.count() == 1


def test_an_answer_to_another_assessments_comment_is_404(client, check, head, lead, other_school):
    from tests.factories import AssessmentFactory

    elsewhere = AssessmentFactory(school=other_school, lead_assessor=lead)
    comment = fc.comment_add(assessment=check.assessment, by=head, target="section:summary", text="x")
    client.force_login(lead)
    response = client.post(
        reverse("factcheck_answer", args=[elsewhere.pk, comment.pk]),
        {f"c{comment.pk}-changed": "no", f"c{comment.pk}-text": "no"},
    )
    assert response.status_code == 404
    assert CommentAnswer.objects.count() == 0


# The evidence log -----------------------------------------------------------------------------


def test_evidence_log_add_and_delete(client, complete_draft, lead):
    client.force_login(lead)
    element = complete_draft.framework.elements.order_by("number").first()
    response = client.post(
        reverse("factcheck_meeting_add", args=[complete_draft.pk]),
        {"meeting-group": "Year 6 <pupils>", "meeting-number": "8", "meeting-element": element.pk},
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert (meeting.group, meeting.number, meeting.element) == ("Year 6 <pupils>", 8, element)
    assert "Year 6 &lt;pupils&gt;" in response.content.decode()
    client.post(reverse("factcheck_meeting_add", args=[complete_draft.pk]), {"meeting-group": "Governors"})
    client.post(
        reverse("factcheck_document_add", args=[complete_draft.pk]), {"document-title": "SEND policy"}
    )
    assert [m.position for m in Meeting.objects.all()] == [1, 2]
    assert DocumentSeen.objects.get().title == "SEND policy"
    client.post(reverse("factcheck_meeting_delete", args=[complete_draft.pk, meeting.pk]))
    assert list(Meeting.objects.values_list("group", flat=True)) == ["Governors"]
    document = DocumentSeen.objects.get()
    client.post(reverse("factcheck_document_delete", args=[complete_draft.pk, document.pk]))
    assert DocumentSeen.objects.count() == 0


def test_evidence_log_bad_input_changes_nothing(client, complete_draft, lead, other_school):
    from tests.factories import AssessmentFactory

    client.force_login(lead)
    url = reverse("factcheck_meeting_add", args=[complete_draft.pk])
    response = client.post(url, {"meeting-group": "  ", "meeting-number": "many"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say whom the assessors met." in page and "whole number" in page
    response = client.post(url, {"meeting-group": "Staff", "meeting-element": "999999"})
    assert response.status_code == 400 and "Choose one of this framework" in response.content.decode()
    assert Meeting.objects.count() == 0
    response = client.post(reverse("factcheck_meeting_delete", args=[complete_draft.pk, 424242]), follow=True)
    assert "no longer in the evidence log" in " ".join(_messages(response))
    stranger = AssessmentFactory(school=other_school)
    row = Meeting.objects.create(assessment=stranger, position=1, group="Theirs")
    assert client.post(reverse("factcheck_meeting_delete", args=[stranger.pk, row.pk])).status_code == 404
    assert Meeting.objects.filter(pk=row.pk).exists()


def test_evidence_log_is_read_only_once_submitted_and_for_directors(client, submitted, lead, director):
    Meeting.objects.create(assessment=submitted, position=1, group="Governors")
    page = _page(client, lead, reverse("factcheck_evidence_log", args=[submitted.pk])).content.decode()
    assert "Governors" in page and "Add the meeting" not in page and "can no longer change" in page
    response = client.post(
        reverse("factcheck_meeting_add", args=[submitted.pk]), {"meeting-group": "Staff"}, follow=True
    )
    assert "can no longer change" in " ".join(_messages(response))
    assert Meeting.objects.count() == 1
    page = _page(client, director, reverse("factcheck_evidence_log", args=[submitted.pk])).content.decode()
    assert "Governors" in page and "Add the meeting" not in page


def test_the_portfolio_paragraph_starts_from_the_log(client, complete_draft, lead):
    Meeting.objects.create(assessment=complete_draft, position=1, group="Year 6 pupils", number=8)
    DocumentSeen.objects.create(assessment=complete_draft, position=1, title="The SEND policy")
    complete_draft.evidence = "Typed by hand."
    complete_draft.save()
    client.force_login(lead)
    url = reverse("factcheck_portfolio_fill", args=[complete_draft.pk])
    page = client.get(reverse("factcheck_evidence_log", args=[complete_draft.pk])).content.decode()
    assert "Start the portfolio paragraph from the evidence log" in page and "Replace what is already" in page
    response = client.post(url, follow=True)
    assert "confirm to replace it" in " ".join(_messages(response))
    complete_draft.refresh_from_db()
    assert complete_draft.evidence == "Typed by hand."
    response = client.post(url, {"replace": "yes"})
    assert response["Location"] == reverse("assessment_section", args=[complete_draft.pk, "evidence"])
    complete_draft.refresh_from_db()
    assert complete_draft.evidence == "The assessors met Year 6 pupils (8). They read The SEND policy."


def test_the_editor_links_to_the_new_pages(client, complete_draft, lead):
    client.force_login(lead)
    overview = client.get(reverse("assessment_overview", args=[complete_draft.pk])).content.decode()
    assert reverse("factcheck_evidence_log", args=[complete_draft.pk]) in overview
    assert reverse("factcheck_assessor", args=[complete_draft.pk]) in overview
    section = client.get(reverse("assessment_section", args=[complete_draft.pk, "evidence"])).content.decode()
    assert reverse("factcheck_evidence_log", args=[complete_draft.pk]) in section
