"""Nasty input to every form outside the editor's text (tests/assessments/test_bad_input_editor.py) and the
import (tests/assessments/test_import_assessment.py, tests/assessments/test_import_fuzz.py): a 4xx or the form again
with a message a person understands — never a 500 — and the database as it was. HTML, script
and SQL-looking text that a field may hold is stored exactly as typed. Runs on SQLite and on
PostgreSQL (which cannot store a NUL character at all)."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import Assessment, Event, Statement
from schools.models import School

pytestmark = pytest.mark.django_db

NUL = "Oak\x00Hill"
MEGABYTE = "x" * 1_000_000
SCRIPT = "<script>alert('x')</script>"
SQL = "Robert'); DROP TABLE schools_school;--"


def snapshot() -> tuple:
    return (
        list(School.objects.order_by("pk").values()),
        list(Assessment.objects.order_by("pk").values_list("pk", "status", "version", "summary", "outcome")),
        list(User.objects.order_by("pk").values_list("pk", "username", "email", "password")),
        Statement.objects.count(),
        Event.objects.count(),
    )


def school_data(**changes) -> dict:
    data = {
        "name": "Beech Primary",
        "addressed_name": "Beech Primary School",
        "address_lines": "2 Beech Road",
        "town": "Widnes",
        "county": "Cheshire",
        "postcode": "WA8 7AB",
        "local_authority": "Halton",
        "phase": "primary",
        "number_on_roll": "300",
        "headteacher_title": "Mr",
        "headteacher_name": "Sam Beech",
    }
    return data | changes


@pytest.fixture
def as_director(client, director):
    client.force_login(director)
    return client


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


def refused(response, message: str, before) -> None:
    """The request was refused with the message, shown to the person, and nothing changed."""
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.status_code
    assert message in response.content.decode(), message
    assert snapshot() == before


# Schools --------------------------------------------------------------------------------------

SCHOOL_REFUSALS = [
    ({"name": NUL}, "Null characters are not allowed."),
    ({"address_lines": NUL}, "Null characters are not allowed."),
    ({"name": MEGABYTE}, "Ensure this value has at most"),
    ({"phase": "boarding' OR 1=1"}, "Select a valid choice."),
    ({"number_on_roll": "-5"}, "Ensure this value is greater than or equal to"),
    ({"number_on_roll": "1e9999"}, "Enter a whole number."),
    ({"number_on_roll": "99999999999999999999"}, "Ensure this value is less than or equal to"),
    ({"postcode": "\ufffd" * 5}, ""),  # what %ff%fe becomes once decoded: refused or kept, never a 500
]


@pytest.mark.parametrize(("changes", "message"), SCHOOL_REFUSALS)
def test_a_new_school_with_bad_input_is_refused(as_director, changes, message):
    before = snapshot()
    response = as_director.post(reverse("school_create"), school_data(**changes))
    if message:
        refused(response, message, before)
    else:
        assert response.status_code < 500


@pytest.mark.parametrize(("changes", "message"), SCHOOL_REFUSALS[:5])
def test_an_edited_school_with_bad_input_is_refused(as_director, school, changes, message):
    before = snapshot()
    response = as_director.post(reverse("school_edit", args=[school.pk]), school_data(**changes))
    refused(response, message, before)


@pytest.mark.parametrize("text", [SCRIPT, SQL, "Ysgol Gymraeg 😀 — “quoted”"])
def test_html_and_sql_looking_school_names_are_kept_as_typed_and_shown_escaped(as_director, text):
    response = as_director.post(reverse("school_create"), school_data(name=text), follow=True)
    assert response.status_code == 200
    assert School.objects.get(addressed_name="Beech Primary School").name == text
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_name": NUL}, "Null characters are not allowed."),
        ({"email": "not an email"}, "Enter a valid email address."),
        ({"email": "head\x00@example.org"}, "Null characters are not allowed."),
        ({"last_name": MEGABYTE}, "Ensure this value has at most"),
    ],
)
def test_a_headteacher_login_with_bad_input_is_refused(as_director, school, changes, message):
    before = snapshot()
    data = {"first_name": "Alex", "last_name": "Morgan", "email": "alex@example.org"} | changes
    response = as_director.post(reverse("school_headteacher_create", args=[school.pk]), data)
    refused(response, message, before)


# The director's workflow ----------------------------------------------------------------------


def schedule_data(for_school, lead_user, changes: dict) -> dict:
    from tests.factories import framework_2010

    data = {
        "school": for_school.pk,
        "framework": framework_2010().pk,
        "kind": "assessment",
        "visit_start": "2026-12-01",
        "visit_end": "2026-12-02",
        "lead_assessor": lead_user.pk,
    }
    return data | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "inspection"}, "Select a valid choice."),
        ({"school": "999999"}, "Select a valid choice."),
        ({"school": "1 OR 1=1"}, "Select a valid choice."),
        ({"lead_assessor": "-1"}, "Select a valid choice."),
        ({"visit_start": "2026-02-30"}, "Enter a valid date."),
        ({"visit_start": "99999-01-01"}, "Enter a valid date."),
        ({"visit_start": "0000-01-01"}, "Enter a valid date."),
        ({"visit_start": "2026-12-01\x00"}, "Enter a valid date."),
    ],
)
def test_a_visit_scheduled_with_bad_input_is_refused(as_director, school, lead, changes, message):
    before = snapshot()
    response = as_director.post(reverse("visit_schedule"), schedule_data(school, lead, changes))
    refused(response, message, before)


def test_a_return_with_a_nul_comment_or_a_future_version_is_refused(as_director, submitted):
    before = snapshot()
    url = reverse("review_return", args=[submitted.pk])
    nul = as_director.post(url, {"comment": "Please\x00add", "version": submitted.version})
    refused(nul, "Null characters are not allowed.", before)
    future = as_director.post(url, {"comment": "Please add evidence.", "version": submitted.version + 5})
    assert 400 <= future.status_code < 500 or future.status_code == 200
    assert Assessment.objects.get(pk=submitted.pk).status == "submitted"
    huge = as_director.post(url, {"comment": "Please add.", "version": "1" * 40})
    assert huge.status_code < 500 and snapshot() == before


def test_a_confirm_with_a_tampered_version_changes_nothing(as_director, submitted):
    before = snapshot()
    for version in (submitted.version + 1, -1, "x", "9" * 40):
        response = as_director.post(reverse("review_confirm", args=[submitted.pk]), {"version": version})
        assert response.status_code < 500
    assert snapshot() == before


def test_a_reopen_with_a_nul_reason_is_refused(as_director, confirmed):
    before = snapshot()
    response = as_director.post(reverse("review_reopen", args=[confirmed.pk]), {"reason": "Typo\x00"})
    refused(response, "Null characters are not allowed.", before)


# The editor's other forms: choices, numbers, dates and hidden fields ----------------------------


@pytest.mark.parametrize(
    ("section", "changes", "message"),
    [
        ("outcome", {"outcome": "maybe", "reassessment_years": "3"}, "Select a valid choice."),
        ("outcome", {"outcome": "yes", "reassessment_years": "-3"}, "between 1 and 10 years"),
        ("details", {"visit_start": "2026-13-45", "visit_end": "2026-11-11"}, "Enter a valid date."),
        ("details", {"visit_start": "10000-01-01", "visit_end": "2026-11-11"}, "Enter a valid date."),
        ("summary", {"summary": MEGABYTE}, "characters"),
    ],
)
def test_an_editor_section_with_bad_input_is_refused(as_lead, draft, section, changes, message):
    before = snapshot()
    response = as_lead.post(
        reverse("assessment_section", args=[draft.pk, section]), {"version": draft.version} | changes
    )
    refused(response, message, before)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("2147483648", "Ensure this value is less than or equal to 2147483647."),
        ("99999999999999999999", "Ensure this value is less than or equal to 2147483647."),
        ("1.5", "Enter a whole number."),
        ("one", "Enter a whole number."),
    ],
)
def test_a_tampered_version_is_refused_with_a_message(as_lead, draft, version, message):
    before = snapshot()
    response = as_lead.post(
        reverse("assessment_section", args=[draft.pk, "summary"]), {"version": version, "summary": "Hello"}
    )
    refused(response, message, before)


def test_a_version_from_the_future_is_not_saved_over_the_current_text(as_lead, draft):
    before = snapshot()
    response = as_lead.post(
        reverse("assessment_section", args=[draft.pk, "summary"]),
        {"version": draft.version + 7, "summary": "From the future"},
    )
    assert response.status_code == 409
    refused(response, "Your text has not been saved", before)


def test_a_list_item_of_another_assessment_is_treated_as_no_such_item(as_lead, draft, other_school):
    """The same answer as for an id that does not exist ("deleted"), so nothing leaks."""
    from tests.factories import AssessmentFactory, fill_complete

    foreign = fill_complete(AssessmentFactory(school=other_school))
    item = Statement.objects.filter(assessment=foreign).first()
    before = snapshot()
    for name, data in [
        ("statement_edit", {"text": "Mine now", "version": item.version}),
        ("statement_delete", {"version": item.version}),
        ("statement_move", {"direction": "up"}),
    ]:
        theirs = as_lead.post(reverse(name, args=[draft.pk, item.pk]), data)
        nobodys = as_lead.post(reverse(name, args=[draft.pk, 999_999]), data)
        assert (theirs.status_code, theirs.get("Location")) == (nobodys.status_code, nobodys.get("Location"))
        assert theirs.status_code < 500
    assert snapshot() == before
    assert Statement.objects.get(pk=item.pk).text == item.text


def test_an_unknown_move_direction_is_refused_with_a_message(as_lead, complete_draft):
    item = Statement.objects.filter(assessment=complete_draft, kind="key_success").first()
    before = snapshot()
    url = reverse("statement_move", args=[complete_draft.pk, item.pk])
    response = as_lead.post(url, {"direction": "sideways"}, follow=True)
    assert "That item was not moved: an item moves up or down a place." in response.content.decode()
    assert snapshot() == before


# Wrong content types, undecodable bytes, lone surrogates and bodies over the limit -------------


def test_json_posted_to_a_form_gets_the_form_back_with_its_messages(as_director):
    before = snapshot()
    response = as_director.post(
        reverse("school_create"), json.dumps(school_data()), content_type="application/json"
    )
    refused(response, "This field is required.", before)


def test_a_lone_surrogate_in_a_json_body_to_an_autosave_endpoint_changes_nothing(as_lead, draft):
    before = snapshot()
    body = '{"field": "summary", "summary": "\\ud800", "version": 0}'
    response = as_lead.post(
        reverse("assessment_section_autosave", args=[draft.pk, "summary"]),
        body,
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert 400 <= response.status_code < 500
    assert snapshot() == before


def test_undecodable_bytes_in_a_form_body_are_stored_replaced_not_as_a_500(as_lead, draft):
    response = as_lead.post(
        reverse("assessment_section_autosave", args=[draft.pk, "summary"]),
        f"field=summary&version={draft.version}&summary=caf%E9%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
        headers={"Accept": "application/json"},
    )
    assert response.status_code < 500
    stored = Assessment.objects.get(pk=draft.pk).summary
    stored.encode("utf-8")  # no lone surrogate got in: this would raise
    assert stored.startswith("caf")


def test_a_body_over_the_upload_limit_gets_a_400_and_changes_nothing(as_director, settings):
    before = snapshot()
    response = as_director.post(
        reverse("school_create"), school_data(address_lines="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    )
    assert response.status_code == 400
    assert "too large (over 5 MB)" in response.content.decode()
    assert snapshot() == before


# Signing in, password reset and two-factor ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (NUL, "Null characters are not allowed."),
        (MEGABYTE, "Ensure this value has at most 150 characters"),
        (SQL, "do not match an account"),
        (SCRIPT, "do not match an account"),
        ("\ufffd", "do not match an account"),
    ],
)
def test_the_sign_in_form_refuses_nasty_input_with_a_message(client, lead, value, message):
    before = snapshot()
    response = client.post(reverse("login"), {"username": value, "password": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SCRIPT not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("value", [NUL, "a@b\x00.org", MEGABYTE, SQL, SCRIPT])
def test_the_password_reset_form_refuses_nasty_input_with_a_message(client, value, mailoutbox):
    before = snapshot()
    response = client.post(reverse("password_reset"), {"email": value})
    assert response.status_code == 200
    assert "email" in response.content.decode().lower()
    assert mailoutbox == []
    assert snapshot() == before


@pytest.mark.parametrize("token", ["\x00" * 6, "-12345", "9" * 1000, "<b>1</b>", "' OR 1=1"])
def test_the_two_factor_setup_form_refuses_nasty_codes(client, lead, token):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(lead)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": token})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


# List items: hidden positions and versions -----------------------------------------------------

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key_success-add-text": "New", "key_success-add-position": "-1"}, "greater than or equal to 1"),
        ({"key_success-add-text": "New", "key_success-add-position": "1e9"}, "Enter a whole number."),
        ({"key_success-add-text": "   "}, "this one is only spaces"),
        ({"key_success-add-text": MEGABYTE}, "characters"),
    ],
)
def test_a_list_item_added_with_bad_input_is_refused(as_lead, draft, data, message):
    before = snapshot()
    response = as_lead.post(reverse("statement_add", args=[draft.pk, "key_success"]), data, headers=HTMX)
    refused(response, message, before)


@pytest.mark.parametrize(("version", "message"), [("0", "greater than or equal to 1"), ("x", "whole number")])
def test_a_list_item_edited_or_deleted_with_a_tampered_version_is_refused(
    as_lead, complete_draft, version, message
):
    item = Statement.objects.filter(assessment=complete_draft, kind="key_success").first()
    before = snapshot()
    prefix = f"item-{item.pk}"
    edit = as_lead.post(
        reverse("statement_edit", args=[complete_draft.pk, item.pk]),
        {f"{prefix}-text": "Changed", f"{prefix}-version": version},
    )
    refused(edit, message, before)
    delete = as_lead.post(
        reverse("statement_delete", args=[complete_draft.pk, item.pk]), {"version": version}
    )
    assert delete.status_code < 500
    assert snapshot() == before


# Choosing a password from an emailed link ------------------------------------------------------


@pytest.mark.parametrize("password", ["correct\x00horse battery", "\x00" * 20])
def test_a_new_password_with_bad_input_is_refused(client, lead, password):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(lead.pk))
    page = client.get(reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(lead)]))
    before = snapshot()
    response = client.post(page["Location"], {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert (
        "Null characters are not allowed." in response.content.decode()
        or "too long" in response.content.decode()
    )
    assert snapshot() == before
