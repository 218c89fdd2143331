"""The second reading in a real browser: the reader comments on words of the summary and suggests
changes, sends the round; the lead assessor accepts one suggestion, rejects the other with a
reason and replies; the reader signs off; the director sees the outcome and confirms. axe-core
checks every new page on the way (WCAG 2.2 A and AA). Marked `browser`."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import Statement, StatementKind, Status
from assessments.services import assessment_submit
from reading.models import Comment, Reading, ReadingRule
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import UserFactory
from tests.letter_pdf import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


SELECT_OUTSTANDING = """() => {
    const paragraph = document.querySelectorAll('[data-part="summary"] p')[1];
    const text = paragraph.firstChild;
    const at = text.textContent.indexOf("outstanding");
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + "outstanding".length);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    document.dispatchEvent(new MouseEvent("mouseup"));
}"""


def as_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def click(page, name) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_comment_suggest_accept_reject_sign_off_confirm(
    page, live_server, complete_draft, lead, director, monkeypatch
):
    from playwright.sync_api import expect

    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())
    found = []

    def axe(where: str) -> None:
        found.extend(f"{where}: {line}" for line in axe_violations(page))

    rule = ReadingRule.current()
    rule.first_reports = 3
    rule.save()
    reader = UserFactory(role=Role.QA_READER, username="quinn")
    assessment = assessment_submit(assessment=complete_draft, by=lead)
    reading = Reading.objects.get(assessment=assessment)
    item = Statement.objects.get(assessment=assessment, kind=StatementKind.KEY_SUCCESS)

    # The reader: the queue (their home), the report, two comments with suggestions.
    as_user(page, live_server, reader.username)
    expect(page.locator("h1")).to_have_text("Reports waiting for a second reading")
    axe("the queue")
    with page.expect_navigation():
        page.get_by_role("link", name=assessment.school.name).click()
    axe("the reading page")
    # Words selected in the summary go into the form (static/js/reading.js).
    page.get_by_label("Part of the letter").select_option(f"item:{item.pk}")
    page.evaluate(SELECT_OUTSTANDING)
    expect(page.get_by_label("Part of the letter")).to_have_value("summary")
    expect(page.get_by_label("The words you comment on (optional)")).to_have_value("outstanding")
    expect(page.locator("#reading-selection-status")).to_contain_text("in the comment form, on Summary")
    page.get_by_label("Your comment").fill("Which evidence says <outstanding>?")
    page.get_by_label("Suggested text (optional)").fill("exceptional")
    click(page, "Save the comment")
    expect(page.locator(".reading-anchor mark").first).to_have_text("outstanding")
    page.get_by_label("Part of the letter").select_option(f"item:{item.pk}")
    page.get_by_label("Your comment").fill("Say more.")
    page.get_by_label("Suggested text (optional)").fill("Safeguarding is exemplary.")
    click(page, "Save the comment")
    axe("the reading page, with comments")
    click(page, "Send this round's comments to the assessors")
    expect(page.locator(".messages")).to_contain_text("2 comments sent")

    # The lead assessor: the count on their home, the diff, accept, reject, reply.
    as_user(page, live_server, lead.username)
    expect(page.locator(".open-reading-comments")).to_contain_text("2 comments of the second reader are open")
    page.goto(live_server.url + reverse("reading_assessor", args=[assessment.pk]))
    axe("the assessor's page")
    expect(page.locator(".reading-diff ins").first).to_contain_text("exceptional")
    click(page, re.compile("^Accept the suggestion on Summary"))
    expect(page.locator(".messages")).to_contain_text("The suggestion is accepted")
    page.get_by_label("Why you reject it").fill("It is a short list on purpose.")
    click(page, re.compile("^Reject the suggestion on Key area of success 1"))
    page.get_by_label("Reply").first.fill("Changed as you suggest.")
    click(page, re.compile("^Reply to the comment on Summary"))
    axe("the assessor's page, answered")
    assessment.refresh_from_db()
    assert assessment.summary.endswith("It is exceptional.")
    states = dict(Comment.objects.values_list("part", "suggestion_state"))
    assert states == {"summary": "accepted", f"item:{item.pk}": "rejected"}

    # The director cannot confirm before the sign-off.
    as_user(page, live_server, director.username)
    review = live_server.url + reverse("review_assessment", args=[assessment.pk])
    page.goto(review)
    axe("the review page, before the sign-off")
    click(page, "Confirm and issue the report")
    expect(page.locator(".messages")).to_contain_text("needs a second reading")

    # The reader signs off.
    as_user(page, live_server, reader.username)
    page.goto(live_server.url + reverse("reading_page", args=[reading.pk]))
    click(page, "Sign the report off")
    expect(page.locator(".messages")).to_contain_text("Signed off")

    # The director sees the outcome, the rule and the figures, and confirms.
    as_user(page, live_server, director.username)
    page.goto(review)
    expect(page.locator(".reading-outcome")).to_contain_text("1 accepted, 1 rejected, 0 waiting")
    axe("the review page, signed off")
    page.goto(live_server.url + reverse("reading_rule"))
    axe("the rule")
    page.goto(live_server.url + reverse("reading_figures"))
    axe("the figures")
    page.goto(review)
    click(page, "Confirm and issue the report")
    assessment.refresh_from_db()
    assert assessment.status == Status.CONFIRMED
    assert found == [], "\n".join(found)
