"""The busiest pages are served from the shared cache until the data behind them changes, and
never one moment longer; each user gets their own CSRF token in a cached page; and without a
shared cache nothing is cached at all (pagecache).

The topics each write moves are tested one by one in tests/pagecache/test_page_cache_topics.py; here
the pages are requested as users request them, around the changes users make.
"""

import datetime
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import editing, services
from assessments.models import Element, StatementKind
from pagecache import render as pagecache
from tests.factories import AssessmentFactory, HeadteacherFactory, SchoolFactory, fill_complete

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def element_url(assessment, number=1) -> str:
    return reverse("assessment_element", args=[assessment.pk, number])


def without_tokens(page: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', page)


def page_queries(captured) -> list[str]:
    """The queries a request made beyond reading its session."""
    return [query["sql"] for query in captured.captured_queries if "django_session" not in query["sql"]]


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    client.get(reverse("home"))  # the first page of a session notes that there is no 2FA device
    return client


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    client.get(reverse("home"))
    return client


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("director", lambda draft, school: reverse("home")),
        ("director", lambda draft, school: reverse("school_list") + "?q=Oak"),
        ("lead", lambda draft, school: reverse("home")),
        ("lead", lambda draft, school: element_url(draft, 3)),
        ("headteacher", lambda draft, school: reverse("home")),
    ],
    ids=["director_home", "school_search", "assessor_home", "element", "headteacher_portal"],
)
def test_a_second_request_is_served_from_the_cache_with_no_query_of_its_own(
    shared_cache, client, request, who, url, draft, school, confirmed, django_assert_max_num_queries
):
    fill_complete(AssessmentFactory(school=school, lead_assessor=draft.lead_assessor))
    client.force_login(request.getfixturevalue(who))
    client.get(reverse("home"))
    address = url(draft, school)
    first = get(client, address)
    with django_assert_max_num_queries(2) as captured:
        again = get(client, address)
    assert page_queries(captured) == []
    assert without_tokens(again) == without_tokens(first)


def test_without_a_shared_cache_every_request_renders_afresh(
    director_client, draft, django_assert_max_num_queries
):
    get(director_client, reverse("home"))
    with django_assert_max_num_queries(20) as captured:
        get(director_client, reverse("home"))
    assert any("assessments_assessment" in sql for sql in page_queries(captured))


def test_with_the_page_cache_off_every_request_renders_afresh(shared_cache, settings, director_client, draft):
    settings.IQM_PAGE_CACHE = False
    from django.db import connection

    get(director_client, reverse("home"))
    # Nothing is cached, so even a change made behind the models' back shows at once.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE schools_school SET name = %s, addressed_name = %s WHERE id = %s",
            ["Changed In psql", "Changed In psql", draft.school_id],
        )
    assert "Changed In psql" in get(director_client, reverse("home"))


def test_the_page_is_the_same_cached_or_not(shared_cache, settings, client, lead, draft):
    fill_complete(draft)
    client.force_login(lead)
    cached = [get(client, element_url(draft, 5)), get(client, element_url(draft, 5))]
    settings.IQM_PAGE_CACHE = False
    fresh = get(client, element_url(draft, 5))
    assert without_tokens(cached[0]) == without_tokens(cached[1]) == without_tokens(fresh)


def test_a_submitted_assessment_shows_on_the_directors_home_at_once(
    shared_cache, director_client, complete_draft, lead
):
    before = get(director_client, reverse("home"))
    assert "No assessment is waiting for review." in before
    services.assessment_submit(assessment=complete_draft, by=lead)
    after = get(director_client, reverse("home"))
    waiting = after.split('id="h-coming"')[0]
    assert complete_draft.school.name in waiting
    assert "No assessment is waiting for review." not in after


def test_a_school_renamed_through_its_form_shows_on_every_cached_page(
    shared_cache, client, director, school, lead, draft
):
    headteacher = HeadteacherFactory(school=school)
    pages = {
        director: [reverse("home"), reverse("school_list") + "?q=Oak"],
        lead: [reverse("home"), element_url(draft)],
        headteacher: [reverse("home")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert school.name in get(client, url)
    client.force_login(director)
    form = {
        field: getattr(school, field)
        for field in ("addressed_name", "address_lines", "town", "county", "postcode", "local_authority")
    }
    form.update(
        name="Oak Hill Renamed Academy",
        addressed_name="Oak Hill Renamed Academy",
        phase=school.phase,
        number_on_roll=school.number_on_roll,
        headteacher_title=school.headteacher_title,
        headteacher_name=school.headteacher_name,
    )
    assert client.post(reverse("school_edit", args=[school.pk]), form).status_code == 302
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert "Oak Hill Renamed Academy" in get(client, url), (user.role, url)


def test_a_lead_assessor_renamed_shows_on_the_directors_home(shared_cache, director_client, draft, lead):
    assert "Yates" in get(director_client, reverse("home"))
    lead.last_name = "Yates-Brown"
    lead.save()
    assert "Yates-Brown" in get(director_client, reverse("home"))


def test_typing_in_an_assessment_leaves_the_directors_home_cached(
    shared_cache, director_client, draft, lead, django_assert_max_num_queries
):
    get(director_client, reverse("home"))
    editing.assessment_section_save(
        assessment=draft,
        by=lead,
        section="summary",
        values={"summary": "Typed at 11 pm."},
        version=draft.version,
    )
    element = Element.objects.get(framework=draft.framework, number=2)
    editing.finding_save(
        assessment=draft, by=lead, element=element, values={"narrative": "Pupils thrive."}, version=0
    )
    with django_assert_max_num_queries(2) as captured:
        get(director_client, reverse("home"))
    assert page_queries(captured) == []


def test_what_an_assessor_types_shows_at_once_on_their_pages(shared_cache, lead_client, draft, lead):
    assert "0 of 10 elements complete" in get(lead_client, reverse("home"))
    assert "Nothing written yet" not in get(lead_client, element_url(draft, 2))
    element = Element.objects.get(framework=draft.framework, number=2)
    editing.finding_save(
        assessment=draft, by=lead, element=element, values={"narrative": "Pupils thrive here."}, version=0
    )
    editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text="Calm corridors."
    )
    editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text="Homework clubs."
    )
    page = get(lead_client, element_url(draft, 2))
    assert "Pupils thrive here." in page
    assert "Calm corridors." in page
    assert "Homework clubs." in page
    assert "1 of 10 elements complete" in get(lead_client, reverse("home"))


def test_an_assessor_taken_off_the_team_loses_the_cached_page_at_once(
    shared_cache, client, draft, lead, co_assessor, director
):
    client.force_login(co_assessor)
    assert draft.school.name in get(client, element_url(draft, 4))
    services.assessment_assign(assessment=draft, lead_assessor=lead, co_assessors=[], by=director)
    assert client.get(element_url(draft, 4)).status_code == 404
    assert draft.school.name not in get(client, reverse("home"))


def test_an_assessor_added_to_the_team_sees_the_assessment_at_once(
    shared_cache, client, draft, lead, other_assessor, director
):
    client.force_login(other_assessor)
    assert client.get(element_url(draft, 4)).status_code == 404
    assert draft.school.name not in get(client, reverse("home"))
    services.assessment_assign(
        assessment=draft, lead_assessor=lead, co_assessors=[other_assessor], by=director
    )
    assert draft.school.name in get(client, element_url(draft, 4))
    assert draft.school.name in get(client, reverse("home"))


def test_a_submitted_assessment_is_read_only_on_its_cached_pages(
    shared_cache, lead_client, complete_draft, lead
):
    page = get(lead_client, element_url(complete_draft, 1))
    assert 'id="finding-form"' in page
    services.assessment_submit(assessment=complete_draft, by=lead)
    page = get(lead_client, element_url(complete_draft, 1))
    assert 'id="finding-form"' not in page
    assert "Waiting for a director to confirm it." in get(lead_client, reverse("home"))


def test_a_retitled_element_shows_on_the_element_page(shared_cache, lead_client, draft):
    get(lead_client, element_url(draft, 7))
    element = Element.objects.get(framework=draft.framework, number=7)
    element.title = "Resources, ICT and Libraries"
    element.save()
    assert "Element 7 - Resources, ICT and Libraries" in get(lead_client, element_url(draft, 7))


def test_an_issued_report_shows_on_the_headteachers_portal_at_once(
    shared_cache, client, headteacher, submitted, director
):
    client.force_login(headteacher)
    assert "No report has been issued to your school yet." in get(client, reverse("home"))
    services.assessment_confirm(assessment=submitted, by=director)
    page = get(client, reverse("home"))
    assert "No report has been issued to your school yet." not in page
    assert "Download IQM-report-" in page


def test_each_school_and_each_assessor_has_its_own_page(
    shared_cache, client, school, other_school, draft, lead, other_assessor
):
    own, other = HeadteacherFactory(school=school), HeadteacherFactory(school=other_school)
    client.force_login(own)
    assert school.letter_name in get(client, reverse("home"))
    client.force_login(other)
    page = get(client, reverse("home"))
    assert other_school.letter_name in page
    assert school.letter_name not in page
    client.force_login(lead)
    assert school.name in get(client, reverse("home"))
    client.force_login(other_assessor)
    assert school.name not in get(client, reverse("home"))


def test_each_search_and_page_has_its_own_page(shared_cache, director_client):
    SchoolFactory(name="Ysgol y Wern", town="Cardiff")
    SchoolFactory(name="Hafod Primary", town="Swansea")
    assert "Ysgol y Wern" in get(director_client, reverse("school_list") + "?q=Wern")
    page = get(director_client, reverse("school_list") + "?q=Hafod")
    assert "Hafod Primary" in page
    assert "Ysgol y Wern" not in page


def test_a_new_day_renders_the_directors_home_afresh(shared_cache, director_client, monkeypatch):
    today = timezone.localdate()
    AssessmentFactory(
        school=SchoolFactory(name="Tomorrow Visit School"),
        visit_start=today + datetime.timedelta(days=1),
        visit_end=today + datetime.timedelta(days=1),
    )
    coming = get(director_client, reverse("home")).split('id="h-coming"')[1].split('id="h-drafts"')[0]
    assert "Tomorrow Visit School" in coming
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=2))
    coming = get(director_client, reverse("home")).split('id="h-coming"')[1].split('id="h-drafts"')[0]
    assert "Tomorrow Visit School" not in coming


def test_a_new_release_never_serves_an_earlier_release_s_parts(
    shared_cache, director_client, draft, monkeypatch
):
    school = draft.school
    from django.db import connection

    assert school.name in get(director_client, reverse("home"))
    with connection.cursor() as cursor:  # behind the models' back: only a new release re-renders
        cursor.execute(
            "UPDATE schools_school SET name = %s, addressed_name = %s WHERE id = %s",
            ["Renamed Meanwhile", "Renamed Meanwhile", school.pk],
        )
    assert "Renamed Meanwhile" not in get(director_client, reverse("home"))
    monkeypatch.setattr(pagecache, "_RELEASE", "another-release")
    assert "Renamed Meanwhile" in get(director_client, reverse("home"))


def test_clear_page_cache_makes_every_page_render_afresh(shared_cache, director_client, draft):
    from django.core.management import call_command

    get(director_client, reverse("home"))
    # psql, say: the models never hear of it.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE schools_school SET name = %s, addressed_name = %s WHERE id = %s",
            ["Changed In psql", "Changed In psql", draft.school_id],
        )
    assert "Changed In psql" not in get(director_client, reverse("home"))
    call_command("clear_page_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Changed In psql" in get(director_client, reverse("home"))


def test_each_user_gets_their_own_csrf_token_in_a_cached_page(shared_cache, draft, lead, co_assessor):
    tokens = {}
    for number, user in enumerate((lead, co_assessor), start=2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        get(client, element_url(draft, number))
        page = get(client, element_url(draft, number))  # from the cache
        found = TOKEN.findall(page)
        # The sign-out form's token and the cached forms' tokens: all for the user's own secret.
        assert len(found) > 2
        assert len({_unmask_cipher_token(token) for token in found}) == 1
        assert pagecache.CSRF_PLACEHOLDER not in page
        # The forms carry the token the user's own CSRF cookie accepts.
        response = client.post(
            element_url(draft, number),
            {"csrfmiddlewaretoken": found[0], "version": 0, "narrative": f"Written by {user.username}."},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        tokens[user.pk] = _unmask_cipher_token(found[-1])
    assert tokens[lead.pk] != tokens[co_assessor.pk]


def test_text_that_spells_a_csrf_field_is_shown_as_typed(shared_cache, lead_client, draft, lead):
    typed = '<input type="hidden" name="csrfmiddlewaretoken" value="\x01iqm-csrf\x01">'
    element = Element.objects.get(framework=draft.framework, number=3)
    editing.finding_save(assessment=draft, by=lead, element=element, values={"narrative": typed}, version=0)
    for _ in range(2):
        page = get(lead_client, element_url(draft, 3))
        assert "&lt;input type=&quot;hidden&quot; name=&quot;csrfmiddlewaretoken&quot;" in page


def test_something_to_show_once_is_shown_not_a_cached_page(shared_cache, lead_client, draft, lead):
    element = Element.objects.get(framework=draft.framework, number=2)
    item = editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text="Bravo."
    )
    get(lead_client, element_url(draft, 2))
    response = lead_client.post(
        reverse("statement_delete", args=[draft.pk, item.pk]), {"version": item.version}
    )
    assert response.status_code == 302
    page = get(lead_client, element_url(draft, 2))
    assert "Deleted “Bravo.”." in page
    assert "Deleted “Bravo.”." not in get(lead_client, element_url(draft, 2))  # shown once


def test_a_change_counts_again_when_its_transaction_commits(shared_cache, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        before = pagecache.generations([pagecache.LISTS])
        pagecache.changed(pagecache.LISTS)
        during = pagecache.generations([pagecache.LISTS])
    after = pagecache.generations([pagecache.LISTS])
    assert len(callbacks) == 1
    assert before != during != after


def test_while_one_request_renders_a_part_the_others_wait_for_it(shared_cache, monkeypatch):
    """A change makes every request for a page miss at once: one renders, the rest wait."""
    from django.core.cache import cache

    rendered = []
    key_of = {}

    def render_slowly():
        rendered.append("render")
        return {"content": "<p>Fresh</p>"}

    # Another request holds the rendering lock and stores the part while this one waits.
    real_add = cache.add

    def add_taken_by_another(key, value, timeout=None):
        if key.endswith(":rendering"):
            key_of["part"] = key.removesuffix(":rendering")
            return False
        return real_add(key, value, timeout)

    def sleep_while_the_other_finishes(seconds):
        cache.set(key_of["part"], {"content": "<p>Rendered by the other request</p>"})

    monkeypatch.setattr(cache, "add", add_taken_by_another)
    monkeypatch.setattr(pagecache.time, "sleep", sleep_while_the_other_finishes)
    part = pagecache.remember("test-part", (1,), [pagecache.LISTS], render_slowly)
    assert part == {"content": "<p>Rendered by the other request</p>"}
    assert rendered == []


def test_a_request_that_waits_too_long_renders_the_part_itself(shared_cache, monkeypatch):
    from django.core.cache import cache

    real_add = cache.add
    clock = iter(range(0, 1000, 1))
    monkeypatch.setattr(
        cache,
        "add",
        lambda key, value, timeout=None: (
            False if key.endswith(":rendering") else real_add(key, value, timeout)
        ),
    )
    monkeypatch.setattr(pagecache.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: next(clock))
    part = pagecache.remember("test-part", (2,), [pagecache.LISTS], lambda: {"content": "<p>Mine</p>"})
    assert part == {"content": "<p>Mine</p>"}
    # …and stores it for the next request.
    assert (
        pagecache.remember("test-part", (2,), [pagecache.LISTS], lambda: {"content": "<p>Again</p>"}) == part
    )


def test_a_render_that_fails_leaves_no_lock_behind(shared_cache, lead_client, draft):
    from django.core.cache import cache

    assert lead_client.get(element_url(draft, 99)).status_code == 404  # no element 99
    assert not [key for key in cache._cache if key.endswith(":rendering")]
    assert get(lead_client, element_url(draft, 9))  # and the next page renders at once
