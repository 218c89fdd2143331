"""Pages the journey does not reach pass axe-core's WCAG 2.2 A and AA checks: the sign-in page
with an error, forms with validation errors, an empty list, the headteacher's portal with no
reports, the director's home with nothing to review, the headteacher's Colleagues page and a
school user's home. Every form error is announced in a summary at the top, linked to its field,
and next to the field itself. SQLite pass only."""

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_accessible(page) -> None:
    found = axe_violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)


def assert_error_announced(page, field_id: str, message: str) -> None:
    """The summary at the top (role=alert, focused) links to the field; the field is marked
    invalid and its message sits next to it."""
    from playwright.sync_api import expect

    summary = page.locator(".error-summary").first
    expect(summary).to_be_visible()
    assert summary.get_attribute("role") == "alert"
    expect(summary.locator(f'a[href="#{field_id}"]')).to_contain_text(message)
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    described = (field.get_attribute("aria-describedby") or "").split()
    feedback = page.locator(f"#{field_id} ~ .invalid-feedback, #{field_id} + .invalid-feedback")
    if described:
        messages = " ".join(page.locator(f"#{ident}").inner_text() for ident in described if ident)
        assert message in messages or message in feedback.first.inner_text()
    else:
        expect(feedback.first).to_contain_text(message)
    summary.locator(f'a[href="#{field_id}"]').click()
    expect(field).to_be_focused()


def test_the_sign_in_page_with_a_wrong_password_is_accessible(page, live_server, lead):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username, "not the password")
    expect(page.locator("main")).to_contain_text("username and password")
    assert page.locator("main [role=alert], main .alert-danger").count() >= 1
    assert_accessible(page)


def test_a_section_with_errors_is_accessible_and_announces_them(page, live_server, lead, draft):
    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_section", args=[draft.pk, "details"]))
    page.fill("#id_visit_start", "2010-07-15")
    page.fill("#id_visit_end", "2010-07-14")
    with page.expect_navigation():
        page.locator("#section-form button[type=submit]").first.click()
    assert_error_announced(page, "id_visit_end", "cannot be before the first day")
    assert_accessible(page)


def test_a_list_item_with_only_spaces_is_refused_accessibly(page, live_server, lead, draft):
    from playwright.sync_api import expect

    sign_in(page, live_server, lead.username)
    page.goto(live_server.url + reverse("assessment_element", args=[draft.pk, 2]))
    assert_accessible(page)  # an element with empty lists
    page.fill("#id_strength-add-text", "   ")
    page.get_by_role("button", name="Add the strength").click()
    expect(page.locator("#list-strength .error-summary")).to_be_visible()
    assert_error_announced(page, "id_strength-add-text", "only spaces")
    assert_accessible(page)


def test_the_schedule_form_with_errors_is_accessible(page, live_server, director):
    sign_in(page, live_server, director.username)
    page.goto(live_server.url + reverse("visit_schedule"))
    page.get_by_label("First day of the visit").fill("2010-07-15")
    page.get_by_label("Last day of the visit").fill("2010-07-14")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert_error_announced(page, "id_school", "required")
    assert_accessible(page)


def test_the_empty_homes_and_portal_are_accessible(page, live_server, director, lead, headteacher):
    from playwright.sync_api import expect

    sign_in(page, live_server, director.username)
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("school_list"))
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, lead.username)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, headteacher.username)
    expect(page.locator("main")).to_contain_text(headteacher.school.name)
    assert_accessible(page)


def test_the_cluster_meeting_pages_are_accessible(page, live_server, director, school, lead):
    import datetime

    from clusters import services

    meeting = services.meeting_create(
        by=director, date=datetime.date(2025, 5, 14), online=True, title="Spring cluster", schools=[school]
    )
    sign_in(page, live_server, director.username)
    page.goto(live_server.url + reverse("cluster_meeting_list"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("cluster_meeting_edit", args=[meeting.pk]))
    assert_accessible(page)
    page.goto(live_server.url + reverse("cluster_meeting_create"))
    page.get_by_label("Date of the meeting").fill("2025-06-01")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert_error_announced(page, "id_place", "Give the place of the meeting")
    assert_accessible(page)
    page.goto(live_server.url + reverse("school_detail", args=[school.pk]))
    assert_accessible(page)
    page.goto(live_server.url + reverse("visit_schedule") + f"?school={school.pk}")
    page.get_by_label("Kind of visit").select_option("flagship_review")
    page.get_by_label("Lead assessor").select_option(str(lead.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "Cluster meetings" in page.locator("#h-flagship").locator("..").inner_text()
    assert_accessible(page)


def test_the_colleagues_page_and_a_school_users_home_are_accessible(page, live_server, headteacher):
    from playwright.sync_api import expect

    from accounts.models import Role
    from tests.factories import HeadteacherFactory

    colleague = HeadteacherFactory(
        role=Role.SCHOOL_USER, school=headteacher.school, job_title="Inclusion Lead"
    )
    HeadteacherFactory(role=Role.SCHOOL_USER, school=headteacher.school, is_active=False)
    sign_in(page, live_server, headteacher.username)
    page.goto(live_server.url + reverse("school_colleagues"))
    expect(page.locator("main table")).to_contain_text("Inclusion Lead")
    assert_accessible(page)
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email").fill("not an email")
    with page.expect_navigation():
        page.get_by_role("button", name="Invite and email the link").click()
    assert_error_announced(page, "id_email", "Enter a valid email address.")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, colleague.username)
    expect(page.locator("main")).to_contain_text("Your school's reports")
    assert_accessible(page)
