"""The factual check in a real browser: the director sends the submitted draft to the school,
the headteacher comments on an element, the lead assessor answers, and the director confirms.
axe-core checks each new page on the way (WCAG 2.2 A and AA). Marked `browser`."""

import re

import pytest
from django.urls import reverse

from assessments.models import Status
from factcheck.models import CheckComment, CommentAnswer, FactualCheck, Meeting
from tests.browser.conftest import axe_violations, sign_in
from tests.letter_pdf import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def as_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_send_comment_answer_confirm(page, live_server, submitted, director, headteacher, lead, monkeypatch):
    from playwright.sync_api import expect

    from reports import letter

    # Confirming issues the PDF; rendering it is tested elsewhere.
    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())
    found = []

    def axe(where: str) -> None:
        found.extend(f"{where}: {line}" for line in axe_violations(page))

    Meeting.objects.create(assessment=submitted, position=1, group="Year 6 pupils", number=8)
    review = live_server.url + reverse("review_assessment", args=[submitted.pk])

    as_user(page, live_server, director.username)
    page.goto(review)
    axe("review, before sending")
    click(page, "Send the draft to the school")
    expect(page.locator(".messages")).to_contain_text("sent to the school")
    expect(page.locator("#confirm-problem")).to_contain_text("has not answered yet")
    check = FactualCheck.objects.get(assessment=submitted)

    as_user(page, live_server, headteacher.username)
    page.goto(live_server.url + reverse("factcheck_school", args=[check.pk]))
    expect(page.locator("main")).to_contain_text("DRAFT")
    axe("school's page")
    # The form after element 1 of the letter, not one above the whole letter (issue 26, item 15).
    page.locator("#part-element-1 summary").click()
    page.locator("#part-element-1").get_by_role(
        "textbox", name=re.compile("^Your comment on Element 1")
    ).fill("We have <two> SENCos, not one.")
    click(page, re.compile("^Send the comment on Element 1"))
    expect(page).to_have_url(re.compile("#part-element-1$"))
    expect(page.locator(".comment-text")).to_have_text("We have <two> SENCos, not one.")
    expect(page.locator("#part-element-1 .part-comment-text")).to_have_text("We have <two> SENCos, not one.")
    axe("school's page, with a comment")
    comment = CheckComment.objects.get()
    assert comment.target == "element:1"

    as_user(page, live_server, lead.username)
    page.goto(live_server.url + reverse("factcheck_assessor", args=[submitted.pk]))
    axe("assessor's page")
    page.get_by_label("Yes, the letter is changed").check()
    page.get_by_label("What was changed, or why nothing was").fill("Both SENCos are named now.")
    click(page, re.compile("Save the answer"))
    expect(page.locator(".answer-text")).to_have_text("Both SENCos are named now.")
    assert CommentAnswer.objects.get().changed is True
    page.goto(live_server.url + reverse("factcheck_evidence_log", args=[submitted.pk]))
    axe("evidence log, read-only")

    as_user(page, live_server, director.username)
    page.goto(review)
    expect(page.locator("#confirm-problem")).to_have_count(0)
    axe("review, answered")
    click(page, "Confirm and issue the report")
    submitted.refresh_from_db()
    assert submitted.status == Status.CONFIRMED
    assert found == [], "\n".join(found)


def test_the_evidence_log_editor_has_no_accessibility_violations(page, live_server, complete_draft, lead):
    from playwright.sync_api import expect

    as_user(page, live_server, lead.username)
    page.goto(live_server.url + reverse("factcheck_evidence_log", args=[complete_draft.pk]))
    page.get_by_label("Whom the assessors met").fill("Governors")
    page.get_by_label("Element it was mostly about (optional)").select_option(index=1)
    click(page, "Add the meeting")
    page.get_by_label("Document seen").fill("The SEND policy")
    click(page, "Add the document")
    expect(page.locator("main")).to_contain_text("The assessors met Governors.")
    assert axe_violations(page) == []
    page.get_by_label("Replace what is already written in the portfolio paragraph").check()
    click(page, "Start the portfolio paragraph from the evidence log")
    complete_draft.refresh_from_db()
    assert complete_draft.evidence == "The assessors met Governors. They read The SEND policy."
