"""Cluster meetings: the services that record them and who attended, the directors' pages, the
school page's attendance by year, the note beside a Flagship visit's prerequisite on the
schedule form, the demo's meetings and the page cache."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from clusters import services
from clusters.models import Attendance, ClusterMeeting
from schools.models import School
from tests.factories import AssessorFactory, DirectorFactory, HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def snapshot() -> tuple:
    return (
        list(
            ClusterMeeting.objects.order_by("pk").values_list(
                "pk", "date", "place", "online", "title", "notes"
            )
        ),
        list(Attendance.objects.order_by("pk").values_list("meeting", "school")),
    )


@pytest.fixture
def meeting(director, school):
    return services.meeting_create(by=director, date=D(2025, 5, 14), place="Widnes", schools=[school])


# Services ---------------------------------------------------------------------------------------


def test_a_director_records_a_meeting_and_who_attended(director, school, other_school):
    meeting = services.meeting_create(
        by=director, date=D(2025, 5, 14), place="  Brookfield hall ", online=False, title="Cluster"
    )
    assert (meeting.place, meeting.online, meeting.title, meeting.created_by) == (
        "Brookfield hall",
        False,
        "Cluster",
        director,
    )
    assert services.attendance_set(meeting=meeting, schools=[school, other_school.pk], by=director)
    assert set(Attendance.objects.filter(meeting=meeting).values_list("school", flat=True)) == {
        school.pk,
        other_school.pk,
    }
    assert meeting.history.count() == 1 and Attendance.history.count() == 2


def test_an_online_meeting_needs_no_place(director):
    meeting = services.meeting_create(by=director, date=D(2025, 11, 19), online=True)
    assert (meeting.place, meeting.online, meeting.where) == ("", True, "Online")


def test_setting_attendance_replaces_the_schools(director, meeting, school, other_school):
    third = SchoolFactory()
    services.attendance_set(meeting=meeting, schools=[other_school, third], by=director)
    assert set(meeting.attendances.values_list("school", flat=True)) == {other_school.pk, third.pk}
    services.attendance_set(meeting=meeting, schools=[], by=director)
    assert not meeting.attendances.exists()


def test_editing_a_meeting_changes_its_details_and_schools(director, meeting, school, other_school):
    services.meeting_edit(
        meeting=meeting, by=director, date=D(2025, 6, 1), place="", online=True, title="Moved online",
        schools=[other_school],
    )  # fmt: skip
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place, meeting.online, meeting.title) == (
        D(2025, 6, 1),
        "",
        True,
        "Moved online",
    )
    assert list(meeting.attendances.values_list("school", flat=True)) == [other_school.pk]


def test_editing_without_schools_keeps_the_attendance(director, meeting, school):
    services.meeting_edit(meeting=meeting, by=director, date=D(2025, 6, 1), place="Runcorn")
    assert list(meeting.attendances.values_list("school", flat=True)) == [school.pk]


def test_deleting_a_meeting_takes_its_attendance_with_it(director, meeting):
    services.meeting_delete(meeting=meeting, by=director)
    assert not ClusterMeeting.objects.exists() and not Attendance.objects.exists()


@pytest.mark.parametrize("role", ["assessor", "headteacher", "admin", "anonymous", "none"])
def test_only_directors_change_meetings(request, role, meeting, school):
    from django.contrib.auth.models import AnonymousUser

    by = {
        "assessor": lambda: AssessorFactory(),
        "headteacher": lambda: HeadteacherFactory(school=school),
        "admin": lambda: request.getfixturevalue("admin_user"),
        "anonymous": AnonymousUser,
        "none": lambda: None,
    }[role]()
    before = snapshot()
    calls = [
        lambda: services.meeting_create(by=by, date=D(2025, 1, 1), place="Here"),
        lambda: services.meeting_edit(meeting=meeting, by=by, date=D(2025, 1, 1), place="There"),
        lambda: services.attendance_set(meeting=meeting, schools=[], by=by),
        lambda: services.meeting_delete(meeting=meeting, by=by),
    ]
    for call in calls:
        with pytest.raises(services.ClusterError, match="Only a director"):
            call()
    assert snapshot() == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": None}, "Give the date of the meeting."),
        ({"date": "2025-05-14"}, "Give the date of the meeting."),
        ({"place": "", "online": False}, "Give the place of the meeting, or say that it takes place online."),
        ({"place": "   ", "online": False}, "Give the place of the meeting"),
        ({"date": D(1999, 12, 31)}, "Give a date between 1 January 2000"),
        ({"date": D(2200, 1, 1)}, "Give a date between 1 January 2000"),
        ({"title": "x" * 201}, "The title is 201 characters long"),
        ({"place": "p" * 201}, "The place is 201 characters long"),
        ({"notes": "n" * 5001}, "The text of the notes is 5,001 characters long"),
        ({"title": "bad\x00title"}, "cannot be stored"),
        ({"schools": [999999]}, "There is no school with the id 999999"),
        ({"schools": ["abc"]}, "There is no school 'abc'"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(director, meeting, school, changes, message):
    good = {"date": D(2025, 3, 3), "place": "Runcorn", "online": False, "title": "", "notes": ""}
    before = snapshot()
    with pytest.raises(services.ClusterError, match=message.replace("(", r"\(")):
        services.meeting_create(by=director, **{**good, **changes})
    with pytest.raises(services.ClusterError, match=message.replace("(", r"\(")):
        services.meeting_edit(meeting=meeting, by=director, **{**good, "schools": [school], **changes})
    assert snapshot() == before


def test_attendance_with_an_unknown_school_changes_nothing(director, meeting, other_school):
    before = snapshot()
    with pytest.raises(services.ClusterError, match="There is no school with the id 999999"):
        services.attendance_set(meeting=meeting, schools=[other_school, 999999], by=director)
    assert snapshot() == before


def test_a_meeting_deleted_meanwhile_is_a_message(director, meeting, school):
    stale = ClusterMeeting.objects.get(pk=meeting.pk)
    services.meeting_delete(meeting=meeting, by=director)
    with pytest.raises(services.ClusterError, match="deleted meanwhile"):
        services.meeting_edit(meeting=stale, by=director, date=D(2025, 1, 1), online=True)
    with pytest.raises(services.ClusterError, match="deleted meanwhile"):
        services.attendance_set(meeting=stale, schools=[school], by=director)
    assert snapshot() == ([], [])


def test_the_database_refuses_a_meeting_with_neither_place_nor_online(director, school):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMeeting.objects.create(date=D(2025, 1, 1), place="", online=False)
    meeting = ClusterMeeting.objects.create(date=D(2025, 1, 1), online=True)
    Attendance.objects.create(meeting=meeting, school=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, school=school)


def test_attendance_is_grouped_by_year_newest_year_first(director, school, other_school):
    dates = [D(2024, 3, 1), D(2025, 11, 19), D(2025, 5, 14), D(2023, 12, 31)]
    for day in dates:
        services.meeting_create(by=director, date=day, online=True, schools=[school])
    services.meeting_create(by=director, date=D(2025, 7, 7), online=True, schools=[other_school])
    years = services.attendance_by_year(school)
    assert [(year, [m.date for m in meetings]) for year, meetings in years] == [
        (2025, [D(2025, 5, 14), D(2025, 11, 19)]),
        (2024, [D(2024, 3, 1)]),
        (2023, [D(2023, 12, 31)]),
    ]
    assert services.attendance_by_year(SchoolFactory()) == []


# The directors' pages ----------------------------------------------------------------------------


def test_the_list_shows_meetings_newest_first(client, director, school):
    services.meeting_create(by=director, date=D(2024, 2, 2), place="Old hall", title="Older")
    services.meeting_create(by=director, date=D(2025, 9, 9), online=True, title="Newer", schools=[school])
    client.force_login(director)
    page = client.get(reverse("cluster_meeting_list")).content.decode()
    assert page.index("Newer") < page.index("Older")
    assert "9 September 2025" in page and "Online" in page and school.name in page
    assert "2 meetings" in page
    assert reverse("cluster_meeting_list") in client.get(reverse("home")).content.decode()


def test_a_director_adds_a_meeting_with_its_schools(client, director, school, other_school):
    client.force_login(director)
    assert client.get(reverse("cluster_meeting_create")).status_code == 200
    response = client.post(
        reverse("cluster_meeting_create"),
        {"date": "2025-05-14", "place": "Widnes", "title": "Spring cluster", "schools": [school.pk]},
    )
    assert response.status_code == 302 and response.url == reverse("cluster_meeting_list")
    meeting = ClusterMeeting.objects.get()
    assert (meeting.title, meeting.created_by) == ("Spring cluster", director)
    assert list(meeting.attendances.values_list("school", flat=True)) == [school.pk]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"place": "Widnes"}, "Give the date of the meeting."),
        ({"date": "not a date", "place": "Widnes"}, "Give the date as a real date."),
        ({"date": "2025-05-14"}, "Give the place of the meeting, or say that it takes place online."),
        ({"date": "2300-01-01", "place": "Widnes"}, "Give a date between 1 January 2000"),
        ({"date": "2025-05-14", "online": "on", "schools": ["999999"]}, "Select a valid choice"),
        ({"date": "2025-05-14", "online": "on", "title": "t" * 201}, "at most 200 characters"),
    ],
)
def test_adding_with_bad_input_shows_messages_and_saves_nothing(client, director, data, message):
    client.force_login(director)
    response = client.post(reverse("cluster_meeting_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and message in page
    assert not ClusterMeeting.objects.exists()


def test_a_director_ticks_the_schools_that_attended(client, director, meeting, school, other_school):
    client.force_login(director)
    page = client.get(reverse("cluster_meeting_edit", args=[meeting.pk])).content.decode()
    assert 'type="checkbox"' in page
    assert f'value="{school.pk}" ' in page and "checked" in page
    response = client.post(
        reverse("cluster_meeting_edit", args=[meeting.pk]),
        {"date": "2025-05-15", "online": "on", "schools": [other_school.pk]},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.online, meeting.place) == (D(2025, 5, 15), True, "")
    assert list(meeting.attendances.values_list("school", flat=True)) == [other_school.pk]


def test_editing_with_bad_input_changes_nothing(client, director, meeting):
    client.force_login(director)
    before = snapshot()
    response = client.post(reverse("cluster_meeting_edit", args=[meeting.pk]), {"date": "", "place": ""})
    assert response.status_code == 200 and "Give the date of the meeting." in response.content.decode()
    assert snapshot() == before


def test_a_director_deletes_a_meeting(client, director, meeting):
    client.force_login(director)
    response = client.post(reverse("cluster_meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302 and not ClusterMeeting.objects.exists()


@pytest.mark.parametrize("role", ["lead", "headteacher", "admin_user"])
def test_the_pages_are_404_for_everyone_but_directors(request, client, role, meeting):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    for url in (reverse("cluster_meeting_list"), reverse("cluster_meeting_create")):
        assert client.get(url).status_code == 404
    assert client.get(reverse("cluster_meeting_edit", args=[meeting.pk])).status_code == 404
    assert (
        client.post(reverse("cluster_meeting_edit", args=[meeting.pk]), {"date": "2025-01-01"}).status_code
        == 404
    )
    assert client.post(reverse("cluster_meeting_delete", args=[meeting.pk])).status_code == 404
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting):
    response = client.get(reverse("cluster_meeting_edit", args=[meeting.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_user_text_is_stored_as_typed_and_escaped(client, director, school):
    text = "<script>alert('x')</script> & co"
    client.force_login(director)
    client.post(
        reverse("cluster_meeting_create"),
        {"date": "2025-05-14", "place": text, "title": text, "schools": [school.pk]},
    )
    meeting = ClusterMeeting.objects.get()
    assert (meeting.place, meeting.title) == (text, text)
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co"
    for url in (
        reverse("cluster_meeting_list"),
        reverse("cluster_meeting_edit", args=[meeting.pk]),
        reverse("school_detail", args=[school.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and escaped in page, url


# The school page and the schedule form ----------------------------------------------------------


def test_the_school_page_shows_attendance_by_year(client, director, school):
    services.meeting_create(by=director, date=D(2024, 3, 1), place="Runcorn", title="Early", schools=[school])
    services.meeting_create(
        by=director, date=D(2025, 5, 14), online=True, title="Online one", schools=[school]
    )
    services.meeting_create(by=director, date=D(2025, 11, 19), place="Widnes", schools=[school])
    client.force_login(director)
    page = client.get(reverse("school_detail", args=[school.pk])).content.decode()
    assert "Cluster meetings attended" in page
    assert page.index("<strong>2025</strong>: 2 meetings") < page.index("<strong>2024</strong>: 1 meeting")
    assert "14 May 2025 — Online one (Online)" in page and "1 March 2024 — Early (Runcorn)" in page


def test_a_school_that_attended_none_says_so(client, director, school):
    client.force_login(director)
    page = client.get(reverse("school_detail", args=[school.pk])).content.decode()
    assert "The school has attended no cluster meeting." in page


def _schedule_data(school, lead, kind):
    from assessments.models import Framework

    return {
        "school": school.pk,
        "framework": Framework.objects.get(is_current=True).pk,
        "kind": kind,
        "visit_start": "2027-02-03",
        "lead_assessor": lead.pk,
    }


@pytest.mark.parametrize("kind", ["flagship_assessment", "flagship_review"])
def test_the_schedule_form_for_a_flagship_visit_shows_attendance_beside_the_prerequisite(
    client, director, school, lead, kind
):
    services.meeting_create(by=director, date=D(2025, 5, 14), online=True, title="Spring", schools=[school])
    services.meeting_create(by=director, date=D(2024, 6, 1), place="Widnes", schools=[school])
    client.force_login(director)
    response = client.post(reverse("visit_schedule"), _schedule_data(school, lead, kind))
    page = response.content.decode()
    assert response.status_code == 200  # the award rule refuses: the school holds no award
    assert "needs the school to" in page and "holds no current IQM award" in page
    assert f"Cluster meetings {school.letter_name} attended" in page
    assert "<strong>2025</strong>: 1 meeting" in page and "14 May 2025 — Spring (Online)" in page
    assert "<strong>2024</strong>: 1 meeting" in page and "1 June 2024" in page


def test_the_schedule_form_for_another_kind_shows_no_attendance(client, director, school, lead):
    services.meeting_create(by=director, date=D(2025, 5, 14), online=True, schools=[school])
    client.force_login(director)
    page = client.post(reverse("visit_schedule"), _schedule_data(school, lead, "coe_review")).content.decode()
    assert "Cluster meetings" not in page.replace(">Cluster meetings</a>", "")


def test_attendance_does_not_block_a_flagship_visit(client, director, school, lead):
    """No meeting attended, and the award rule overridden: the visit is scheduled."""
    from assessments.models import Assessment

    client.force_login(director)
    data = {**_schedule_data(school, lead, "flagship_assessment"), "override_reason": "Agreed by the board."}
    response = client.post(reverse("visit_schedule"), data)
    assert response.status_code == 302
    assert Assessment.objects.filter(school=school, kind="flagship_assessment").exists()


# Queries ------------------------------------------------------------------------------------------


def _add_meetings(director, schools, count):
    for n in range(count):
        services.meeting_create(
            by=director, date=D(2020 + n % 6, 1 + n % 12, 1 + n % 28), place=f"Hall {n}", schools=schools
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_and_school_page_run_a_fixed_number_of_queries(client, director, school):
    client.force_login(director)
    schools = [school, SchoolFactory()]
    _add_meetings(director, schools, 2)
    client.get(reverse("home"))  # the first request after signing in reads the session more
    few = (
        _queries(client, reverse("cluster_meeting_list")),
        _queries(client, reverse("school_detail", args=[school.pk])),
    )
    _add_meetings(director, [*schools, *SchoolFactory.create_batch(4)], 12)
    many = (
        _queries(client, reverse("cluster_meeting_list")),
        _queries(client, reverse("school_detail", args=[school.pk])),
    )
    assert many == few


# The demo -----------------------------------------------------------------------------------------


def test_the_demo_flagship_school_attended_meetings_once_however_often_it_loads(demo, client):
    brookfield = School.objects.get(name="Brookfield Primary School")
    meetings = ClusterMeeting.objects.filter(attendances__school=brookfield)
    assert meetings.count() == 3 and meetings.filter(online=True).count() == 1
    before = snapshot()
    call_command("load_demo", password="demo-password", stdout=io.StringIO())
    assert snapshot() == before
    client.force_login(User.objects.get(username="director"))
    page = client.get(reverse("visit_schedule"), {"school": brookfield.pk}).content.decode()
    assert '<option value="flagship_review" selected>' in page
    assert "Cluster meetings Brookfield Primary School attended" in page
    assert "19 November 2025" in page


# The page cache -----------------------------------------------------------------------------------


def test_changes_to_meetings_and_attendance_move_the_pages_on(shared_cache, director, school, client):
    from pagecache.topics import LISTS, generations

    def moved(change) -> bool:
        before = generations([LISTS])
        change()
        return generations([LISTS]) != before

    holder = {}
    assert moved(
        lambda: holder.update(m=services.meeting_create(by=director, date=D(2025, 1, 2), online=True))
    )
    meeting = holder["m"]
    assert moved(lambda: services.attendance_set(meeting=meeting, schools=[school], by=director))
    assert moved(lambda: services.meeting_edit(meeting=meeting, by=director, date=D(2025, 1, 3), online=True))
    assert moved(lambda: services.attendance_set(meeting=meeting, schools=[], by=director))
    assert moved(lambda: services.meeting_delete(meeting=meeting, by=director))


def test_the_school_and_schedule_pages_show_a_change_at_once(shared_cache, client, director, school):
    client.force_login(director)
    url = reverse("school_detail", args=[school.pk])
    assert "The school has attended no cluster meeting." in client.get(url).content.decode()
    meeting = services.meeting_create(by=director, date=D(2025, 5, 14), place="Widnes", schools=[school])
    assert "14 May 2025" in client.get(url).content.decode()
    schedule = reverse("visit_schedule")
    data = {"school": school.pk, "kind": "flagship_assessment"}
    assert "14 May 2025" in client.post(schedule, data).content.decode()
    services.attendance_set(meeting=meeting, schools=[], by=director)
    assert "14 May 2025" not in client.get(url).content.decode()
    assert "14 May 2025" not in client.post(schedule, data).content.decode()


def test_a_second_director_sees_the_same(client, school):
    other = DirectorFactory()
    services.meeting_create(by=other, date=D(2025, 5, 14), place="Widnes", schools=[school])
    client.force_login(other)
    assert "14 May 2025" in client.get(reverse("cluster_meeting_list")).content.decode()
