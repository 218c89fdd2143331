"""The record of what was sent: every email for directors, filtered and a page at a time; a
school's own for its staff; 404 for anyone else. A fixed number of queries at any size."""

import datetime

import pytest
from django.utils import timezone

from outbox.models import Email
from tests.factories import (
    AssessorFactory,
    DirectorFactory,
    HeadteacherFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _email(n=0, **fields):
    values = {
        "to_address": f"person{n}@school.example",
        "from_email": "IQM <no-reply@iqm.example>",
        "subject": f"Email {n}",
        "body_text": "Dear colleague",
        "created": timezone.now() - datetime.timedelta(minutes=n),
        **fields,
    }
    return Email.objects.create(**values)


def test_a_director_sees_every_email_newest_first_with_what_is_not_yet_sent_said_plainly(client):
    client.force_login(DirectorFactory())
    _email(2, subject="Sent one", status=Email.Status.SENT, sent_at=timezone.now(), attempts=1)
    _email(
        1,
        subject="Waiting one",
        status=Email.Status.RETRYING,
        attempts=2,
        last_error="The mail server could not be reached.",
        last_error_detail="ConnectionRefusedError: [Errno 111]",
    )
    _email(
        3,
        subject="Given up",
        status=Email.Status.GAVE_UP,
        attempts=10,
        last_error="The mail server refused the address.",
    )
    page = client.get("/emails/").content.decode()
    assert page.index("Waiting one") < page.index("Sent one") < page.index("Given up")
    assert "Not yet sent" in page
    assert "Tried 2 times. The mail server could not be reached." in page
    assert "It will be tried again after" in page
    assert "The app has stopped trying" in page
    assert "ConnectionRefusedError" not in page  # the server's own words stay in the admin
    assert "Dear colleague" not in page  # nor the bodies: a password reset link is in one


def test_a_director_filters_by_status_and_kind(client):
    client.force_login(DirectorFactory())
    _email(1, subject="Queued reminder", category="reminder")
    _email(2, subject="Sent reminder", category="reminder", status=Email.Status.SENT)
    _email(3, subject="Queued work", category="work")
    page = client.get("/emails/", {"status": "unsent", "category": "reminder"}).content.decode()
    assert "Queued reminder" in page
    assert "Sent reminder" not in page
    assert "Queued work" not in page
    assert "1 email." in page
    page = client.get("/emails/", {"status": "sent"}).content.decode()
    assert "Sent reminder" in page
    assert "Queued reminder" not in page


def test_a_filter_it_cannot_read_is_said_so_and_everything_listed(client):
    client.force_login(DirectorFactory())
    _email(1, subject="Queued work")
    response = client.get("/emails/", {"status": "lost", "category": "<b>x</b>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These filters could not be used, so every email is listed" in page
    assert "Queued work" in page
    assert "<b>x</b>" not in page


def test_the_list_comes_a_page_at_a_time_keeping_the_filters(client):
    client.force_login(DirectorFactory())
    for n in range(55):
        _email(n, category="digest")
    page = client.get("/emails/", {"category": "digest"}).content.decode()
    assert "55 emails." in page
    assert "Page 1 of 2" in page
    assert "?category=digest&amp;page=2" in page
    assert "Email 54" not in page
    assert "Email 54" in client.get("/emails/", {"category": "digest", "page": 2}).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_directors_list_takes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    client.force_login(DirectorFactory())
    school = SchoolFactory()
    for n in range(size):
        _email(
            n, user=HeadteacherFactory(school=school), school=school, status=Email.Status.RETRYING, attempts=1
        )
    client.get("/emails/")  # the first request of a session does one-off sign-in checks
    # session, user, the kinds for the filter, the count, the page's emails with their users
    # and schools
    with django_assert_num_queries(5):
        assert client.get("/emails/").status_code == 200


def test_a_schools_staff_see_what_was_sent_to_their_school_alone(client):
    school, other = SchoolFactory(), SchoolFactory()
    head = HeadteacherFactory(school=school)
    colleague = UserFactory(role="school_user", school=school)
    assessor = AssessorFactory()
    _email(1, subject="To the head", user=head, school=school)
    _email(2, subject="To the colleague", user=colleague, school=school, status=Email.Status.SENT)
    _email(3, subject="To the assessor about the school", user=assessor, school=school)
    _email(4, subject="To another school", user=HeadteacherFactory(school=other), school=other)
    for user in (head, colleague):
        client.force_login(user)
        page = client.get("/school/emails/").content.decode()
        assert "To the head" in page
        assert "To the colleague" in page
        assert "To the assessor" not in page
        assert "To another school" not in page
    assert "/school/emails/" in client.get("/").content.decode()  # linked from their home


@pytest.mark.parametrize("size", [1, 30])
def test_the_schools_list_takes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    school = SchoolFactory()
    head = HeadteacherFactory(school=school)
    client.force_login(head)
    for n in range(size):
        _email(n, user=head, school=school)
    client.get("/school/emails/")  # the first request of a session does one-off sign-in checks
    # session, user, the user's school, the count, the page's emails with their users
    with django_assert_num_queries(5):
        assert client.get("/school/emails/").status_code == 200


@pytest.mark.parametrize("factory", [AssessorFactory, HeadteacherFactory])
def test_the_directors_list_is_404_for_anyone_else(client, factory):
    client.force_login(factory())
    assert client.get("/emails/").status_code == 404


@pytest.mark.parametrize("factory", [AssessorFactory, DirectorFactory])
def test_the_schools_list_is_404_for_anyone_but_its_staff(client, factory):
    client.force_login(factory())
    assert client.get("/school/emails/").status_code == 404


def test_both_lists_send_an_anonymous_visitor_to_sign_in(client):
    for url in ("/emails/", "/school/emails/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
