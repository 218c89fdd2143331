"""The letter's pages — the school's letter page, /verify/<code>/ and the published letter — are
served from the shared cache (an issued letter never changes), and still say at once when the
letter is superseded, taken down or published, or has expired."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pagecache import topics
from reports import publishing
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def without_tokens(response) -> str:
    """The page without its CSRF token, which Django masks afresh on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def page_queries(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "django_session" not in query["sql"]]


@pytest.fixture
def letter(confirmed):
    report = confirmed.issued_report
    headteacher = HeadteacherFactory(school=confirmed.school)
    publishing.set_published(report, headteacher, True)
    return report, headteacher


def urls(report) -> list[str]:
    return [
        reverse("verify_letter", args=[report.verification_code]),
        reverse("verify_letter_html", args=[report.verification_code]),
    ]


def test_a_second_request_runs_no_query_of_its_own(
    shared_cache, client, letter, django_assert_max_num_queries
):
    report, headteacher = letter
    public = Client()
    for url in urls(report):
        first = public.get(url)
        assert first.status_code == 200
        with django_assert_max_num_queries(0):
            again = public.get(url)
        assert without_tokens(again) == without_tokens(first)
    client.force_login(headteacher)
    url = reverse("issued_letter", args=[report.pk])
    client.get(url)
    with django_assert_max_num_queries(2) as captured:
        assert client.get(url).status_code == 200
    assert page_queries(captured) == []


def test_a_letter_taken_down_is_gone_from_its_public_page_at_once(shared_cache, letter):
    report, headteacher = letter
    public = Client()
    letter_url = reverse("verify_letter_html", args=[report.verification_code])
    assert public.get(letter_url).status_code == 200
    publishing.set_published(report, headteacher, False)
    assert public.get(letter_url).status_code == 404
    publishing.set_published(report, headteacher, True)
    assert public.get(letter_url).status_code == 200


def test_the_school_sees_its_own_publication_choice_at_once(shared_cache, client, letter):
    report, headteacher = letter
    client.force_login(headteacher)
    url = reverse("issued_letter", args=[report.pk])
    assert (
        'value="yes" id="published-yes" aria-describedby="published-yes-help" checked'
        in client.get(url).content.decode()
    )
    publishing.set_published(report, headteacher, False)
    page = client.get(url).content.decode()
    assert 'value="no" id="published-no" checked' in page


def test_each_viewer_gets_their_own_csrf_token(shared_cache, letter):
    report, headteacher = letter
    tokens = []
    for _ in range(2):
        browser = Client()
        browser.force_login(headteacher)
        page = browser.get(reverse("issued_letter", args=[report.pk])).content.decode()
        assert "\x00" not in page
        tokens.append(browser.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]


def test_an_expired_letter_says_so_on_the_next_day(shared_cache, letter, monkeypatch):
    report, _ = letter
    public = Client()
    url = urls(report)[0]
    assert "Expired" not in public.get(url).content.decode()
    end = report.assessment.expires_on or report.assessment.valid_until
    later = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Expired" in public.get(url).content.decode()


def test_a_publication_moves_the_lists_on():
    assert topics.written("reports.LetterPublication", [None], {"published"}) == [topics.LISTS]
