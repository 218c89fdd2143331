"""Issue 26, item 3, in a real browser: during the factual-accuracy check the school writes
"952 on roll, not 940"; the lead assessor follows the comment to the letter's context, corrects
it there while the assessment is submitted, and answers "changed"; the director sees the answer
and the change since the draft, and confirms a letter that says 952. axe-core checks each new
page on the way (WCAG 2.2 A and AA). Marked `browser`."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, Status
from factcheck import services as fc
from factcheck.models import CommentAnswer
from tests.browser.conftest import axe_violations, sign_in
from tests.letter_pdf import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTEXT_LABEL = "Context of the school and sources of data"


def as_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def click(page, name) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def test_a_correction_during_the_check_reaches_the_letter(
    page, live_server, submitted, director, headteacher, lead, monkeypatch
):
    from playwright.sync_api import expect

    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())
    found = []

    def axe(where: str) -> None:
        found.extend(f"{where}: {line}" for line in axe_violations(page))

    Assessment.objects.filter(pk=submitted.pk).update(context="The school has 940 pupils on roll.")
    check = fc.check_send(assessment=submitted, by=director)

    as_user(page, live_server, headteacher.username)
    page.goto(live_server.url + reverse("factcheck_school", args=[check.pk]))
    page.locator("#part-section-context summary").click()
    page.get_by_role("textbox", name=f"Your comment on {CONTEXT_LABEL}").fill("952 on roll, not 940.")
    click(page, re.compile(f"^Send the comment on {CONTEXT_LABEL}"))
    expect(page.locator("#part-section-context .part-comment-text")).to_have_text("952 on roll, not 940.")
    axe("school's page, with a comment on the context")

    as_user(page, live_server, lead.username)
    page.goto(live_server.url + reverse("factcheck_assessor", args=[submitted.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name=f"Correct {CONTEXT_LABEL} in the letter").click()
    expect(page.locator(".correcting")).to_contain_text("you may correct its letter")
    axe("the context's page, corrected during the check")
    page.fill("#id_context", "The school has 952 pupils on roll.")
    with page.expect_navigation():
        page.click("#section-form button:has-text('Save') >> nth=0")
    assert Assessment.objects.get(pk=submitted.pk).context == "The school has 952 pupils on roll."
    assert Assessment.objects.get(pk=submitted.pk).status == Status.SUBMITTED

    page.goto(live_server.url + reverse("factcheck_assessor", args=[submitted.pk]))
    page.get_by_label("Yes, the letter is changed").check()
    page.get_by_label("What was changed, or why nothing was").fill("The context now says 952.")
    click(page, re.compile("Save the answer"))
    expect(page.get_by_role("link", name=f"The corrected part: {CONTEXT_LABEL}")).to_be_visible()
    assert CommentAnswer.objects.get().changed is True

    as_user(page, live_server, director.username)
    page.goto(live_server.url + reverse("review_assessment", args=[submitted.pk]))
    expect(page.locator("#h-check")).to_be_visible()
    expect(page.locator(".answer-text")).to_have_text("The context now says 952.")
    changes = page.locator(".letter-changes")
    expect(changes).to_contain_text("Context of the School and Sources of Data")
    expect(changes.locator("del")).to_contain_text("940")
    expect(changes.locator("ins")).to_contain_text("952")
    axe("review, with the changes since the draft")
    click(page, "Confirm and issue the report")
    issued = Assessment.objects.get(pk=submitted.pk)
    assert issued.status == Status.CONFIRMED
    assert "952" in issued.context and "940" not in issued.context
    assert found == [], "\n".join(found)
