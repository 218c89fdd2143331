"""The record of sent emails — the director's list, filtered and with an email not yet sent, and
a school's own list — passes axe-core's WCAG 2.2 A and AA checks. SQLite pass only."""

import pytest
from django.utils import timezone

from outbox.models import Email
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import HeadteacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _emails(school, head):
    Email.objects.create(
        to_address=head.email,
        user=head,
        school=school,
        from_email="IQM <no-reply@iqm.example>",
        subject="Your report is issued",
        body_text="…",
        status=Email.Status.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    Email.objects.create(
        to_address=head.email,
        user=head,
        school=school,
        from_email="IQM <no-reply@iqm.example>",
        subject="Reminder: your self-evaluation",
        body_text="…",
        category="reminder",
        status=Email.Status.RETRYING,
        attempts=2,
        last_error="The mail server could not be reached.",
    )


def test_the_directors_list_of_emails_is_accessible(page, live_server, director, school):
    from playwright.sync_api import expect

    _emails(school, HeadteacherFactory(school=school))
    sign_in(page, live_server, director.username)
    page.goto(live_server.url + "/emails/")
    expect(page.get_by_role("table").get_by_text("Not yet sent", exact=True)).to_be_visible()
    page.get_by_label("Status").select_option("unsent")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("rowheader", name="Reminder: your self-evaluation")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Your report is issued")).to_have_count(0)
    found = axe_violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)


def test_a_schools_list_of_emails_is_accessible(page, live_server, school):
    from playwright.sync_api import expect

    head = HeadteacherFactory(school=school)
    _emails(school, head)
    sign_in(page, live_server, head.username)
    page.get_by_role("link", name="Emails sent to your school").click()
    expect(page.get_by_role("heading", name=f"Emails sent to {school.letter_name}")).to_be_visible()
    found = axe_violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)
