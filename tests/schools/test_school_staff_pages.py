"""The school's staff on the web: the headteacher's Colleagues page (the school's users, inviting
one, deactivating one), and what a school user sees — their school's award and issued reports,
as the headteacher does, and nothing else."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from reports.models import IssuedReport
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db

COLLEAGUES = reverse("school_colleagues")
PASSWORD = "correct horse battery staple"  # the factories' password


def school_user(school, **kwargs) -> User:
    return HeadteacherFactory(role=Role.SCHOOL_USER, school=school, **kwargs)


def deactivate_url(user) -> str:
    return reverse("school_colleague_deactivate", args=[user.pk])


GOOD = {"first_name": "Priya", "last_name": "Shah", "email": "priya.shah@heath.example", "job_title": "SENCo"}


# The Colleagues page ---------------------------------------------------------------------------


def test_the_page_lists_the_schools_users_and_no_one_elses(client, headteacher, other_school):
    active = school_user(headteacher.school, first_name="Priya", last_name="Shah", job_title="Inclusion Lead")
    gone = school_user(headteacher.school, first_name="Dan", last_name="Left", is_active=False)
    invited = school_user(headteacher.school, first_name="Ivy", last_name="New")
    invited.set_unusable_password()
    invited.save()
    stranger = school_user(other_school, first_name="Other", last_name="Stranger")
    client.force_login(headteacher)
    page = client.get(COLLEAGUES).content.decode()
    assert "Priya Shah" in page and active.email in page and "Inclusion Lead" in page
    assert "Dan Left" in page and "Deactivated" in page
    assert "Ivy New" in page and "no password chosen yet" in page
    assert "Active, joined" in page
    assert "Stranger" not in page and stranger.email not in page
    # A Deactivate button for each active user, none for the one already deactivated.
    assert deactivate_url(active) in page and deactivate_url(invited) in page
    assert deactivate_url(gone) not in page
    assert headteacher.get_full_name() not in page.split("<main", 1)[1].split("Invite a colleague")[0]


def test_names_are_escaped(client, headteacher):
    school_user(headteacher.school, first_name="<script>alert(1)</script>", job_title="<b>Lead</b>")
    client.force_login(headteacher)
    page = client.get(COLLEAGUES).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Lead</b>" not in page


def test_inviting_a_colleague_creates_them_and_emails_the_link(
    client, headteacher, django_capture_on_commit_callbacks
):
    client.force_login(headteacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(COLLEAGUES, GOOD, follow=True)
    user = User.objects.get(email="priya.shah@heath.example")
    assert (user.role, user.school, user.job_title) == (Role.SCHOOL_USER, headteacher.school, "SENCo")
    assert (user.first_name, user.last_name) == ("Priya", "Shah")
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["priya.shah@heath.example"]]
    page = response.content.decode()
    assert response.redirect_chain == [(COLLEAGUES, 302)]
    assert "Priya Shah is invited" in page and "no password chosen yet" in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"email": "HEAD@heath.example"}, "Another user already has this email address."),
        ({"first_name": "  "}, "This field is required."),
        ({"last_name": ""}, "This field is required."),
        ({"email": "not an email"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
    ],
)
def test_bad_input_says_why_and_creates_no_one(client, change, message):
    headteacher = HeadteacherFactory(email="head@heath.example")
    client.force_login(headteacher)
    before = list(User.objects.values_list("pk", flat=True))
    response = client.post(COLLEAGUES, {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert list(User.objects.values_list("pk", flat=True)) == before
    assert mail.outbox == []


def test_deactivating_a_colleague_stops_them_signing_in(client, headteacher):
    colleague = school_user(headteacher.school, first_name="Priya", last_name="Shah")
    theirs = type(client)()
    theirs.force_login(colleague)
    assert theirs.get(reverse("home")).status_code == 200
    client.force_login(headteacher)
    response = client.post(deactivate_url(colleague), follow=True)
    assert "Priya Shah is deactivated: they can no longer sign in." in response.content.decode()
    colleague.refresh_from_db()
    assert not colleague.is_active
    # Their open session ends, and they cannot sign in again.
    assert theirs.get(reverse("home")).url.startswith(reverse("login"))
    signing_in = type(client)()
    response = signing_in.post(reverse("login"), {"username": colleague.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in signing_in.session
    # Deactivating again changes nothing and says so.
    response = client.post(deactivate_url(colleague), follow=True)
    assert "already cannot sign in" in response.content.decode()


def test_an_active_school_user_signs_in_with_their_password(client, school):
    colleague = school_user(school)
    response = client.post(reverse("login"), {"username": colleague.username, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(colleague.pk)


def test_another_schools_headteacher_gets_404_and_changes_nothing(client, headteacher, other_headteacher):
    colleague = school_user(headteacher.school)
    client.force_login(other_headteacher)
    assert client.post(deactivate_url(colleague)).status_code == 404
    # Nor may anyone be deactivated who is not a school user: the headteacher themselves.
    client.force_login(headteacher)
    assert client.post(deactivate_url(headteacher)).status_code == 404
    colleague.refresh_from_db()
    headteacher.refresh_from_db()
    assert colleague.is_active and headteacher.is_active


@pytest.mark.parametrize("who", ["staff", "lead", "director"])
def test_the_page_is_404_for_anyone_but_a_headteacher(client, request, headteacher, who):
    colleague = school_user(headteacher.school)
    user = colleague if who == "staff" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(COLLEAGUES).status_code == 404
    assert client.post(COLLEAGUES, {**GOOD, "email": "new@heath.example"}).status_code == 404
    assert client.post(deactivate_url(colleague)).status_code == 404
    assert not User.objects.filter(email="new@heath.example").exists()
    colleague.refresh_from_db()
    assert colleague.is_active


def test_anonymous_visitors_are_sent_to_sign_in(client, school):
    assert client.get(COLLEAGUES).url.startswith(reverse("login"))
    assert client.post(deactivate_url(school_user(school))).url.startswith(reverse("login"))


def test_the_headteachers_portal_and_nav_link_to_the_page(client, headteacher):
    client.force_login(headteacher)
    page = client.get(reverse("home")).content.decode()
    assert page.count(f'href="{COLLEAGUES}"') == 2  # the nav and the portal
    assert 'aria-current="page">Colleagues' in client.get(COLLEAGUES).content.decode()


# What a school user sees -----------------------------------------------------------------------


def test_a_school_users_home_shows_their_schools_award_and_reports(client, confirmed, headteacher):
    colleague = school_user(confirmed.school)
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(colleague)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert confirmed.school.letter_name in page
    assert "Your school's Inclusion Quality Mark" in page and "Awarded on" in page
    assert "Your school's reports" in page
    assert reverse("issued_report_download", args=[report.pk]) in page
    # Nothing of the headteacher's own: no link to the Colleagues page.
    assert COLLEAGUES not in page


def test_the_cached_portal_is_not_shared_between_the_headteacher_and_a_school_user(
    client, shared_cache, headteacher
):
    colleague = school_user(headteacher.school)
    client.force_login(headteacher)
    assert COLLEAGUES in client.get(reverse("home")).content.decode()
    client.force_login(colleague)
    assert COLLEAGUES not in client.get(reverse("home")).content.decode()
    client.force_login(headteacher)
    assert COLLEAGUES in client.get(reverse("home")).content.decode()


def test_a_school_user_with_no_report_yet_is_told_so(client, school, draft):
    client.force_login(school_user(school))
    page = client.get(reverse("home")).content.decode()
    assert "Your school holds no IQM award yet." in page
    assert "No report has been issued to your school yet." in page
    assert "/reports/issued/" not in page


def test_a_school_user_downloads_their_schools_issued_report(client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(school_user(confirmed.school))
    response = client.get(reverse("issued_report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_school_user_gets_404_for_another_schools_report_and_its_school(client, confirmed, other_school):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(school_user(other_school))
    assert client.get(reverse("issued_report_download", args=[report.pk])).status_code == 404
    assert client.get(reverse("school_detail", args=[confirmed.school_id])).status_code == 404
    page = client.get(reverse("home")).content.decode()
    assert reverse("issued_report_download", args=[report.pk]) not in page


def test_a_school_user_gets_404_on_drafts_and_on_assessor_and_director_pages(
    client, school, draft, submitted, confirmed
):
    client.force_login(school_user(school))
    for assessment in (draft, submitted, confirmed):
        for name in ("assessment_overview", "letter_preview_pdf", "letter_preview_html", "review_assessment"):
            assert client.get(reverse(name, args=[assessment.pk])).status_code == 404, (name, assessment)
    for url in (
        reverse("school_list"),
        reverse("school_detail", args=[school.pk]),
        reverse("school_compare", args=[school.pk]),
        reverse("visit_schedule"),
        reverse("review_list", kwargs={"section": "waiting"}),
    ):
        assert client.get(url).status_code == 404, url


def test_a_deactivated_school_users_session_ends(client, confirmed):
    colleague = school_user(confirmed.school)
    client.force_login(colleague)
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    report = IssuedReport.objects.get(assessment=confirmed)
    response = client.get(reverse("issued_report_download", args=[report.pk]))
    assert response.url.startswith(reverse("login"))
