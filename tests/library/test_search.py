"""Searching the library from a list's new item: it finds and ranks statements (PostgreSQL's
full-text search, a plain match on SQLite), hides retired ones, answers punctuation alone with
a message, and reads a fixed number of rows whatever the library's size."""

import pytest
from django.urls import reverse

from library import search, services
from library.models import LibraryStatement

pytestmark = pytest.mark.django_db


def _add(director, text, kind="strength", element=None, **extra):
    return services.statement_add(by=director, kind=kind, text=text, element=element, **extra)


@pytest.fixture
def element(draft):
    return draft.framework.elements.get(number=2)


def test_it_finds_and_ranks_statements(director, element):
    both = _add(director, "Pupils' behaviour around the school is exemplary.", element=element)
    one = _add(director, "Behaviour is managed consistently by every member of staff.")
    _add(director, "Attendance has risen for three years.")
    _add(director, "Pupils' behaviour is excellent.", kind="area")  # another list
    found = search.search("pupils behaviour", kind="strength", element=element)
    assert found == [both, one]


def test_a_word_is_a_prefix_of_what_it_finds(director, element):
    found = _add(director, "Behaviour is managed consistently.")
    assert search.search("behav", kind="strength", element=element) == [found]


def test_it_finds_the_elements_own_statements_and_those_for_any_element(director, draft, element):
    other = draft.framework.elements.get(number=3)
    own = _add(director, "Reading is promoted well.", element=element)
    anyone = _add(director, "Reading is promoted across the school.")
    _add(director, "Reading is promoted by governors.", element=other)
    assert set(search.search("reading", kind="strength", element=element)) == {own, anyone}


def test_retired_statements_are_not_found(director, element):
    statement = _add(director, "Attendance is high.")
    services.statement_retire(statement=statement, by=director)
    assert search.search("attendance", kind="strength", element=element) == []


@pytest.mark.parametrize("query", ["...", "?!", " - ; "])
def test_punctuation_alone_gets_a_clear_message(query):
    with pytest.raises(search.SearchRefused, match="punctuation alone"):
        search.search(query, kind="key_success")


def test_the_page_says_so_for_punctuation_alone(client, lead, draft):
    client.force_login(lead)
    url = reverse("library_search", args=[draft.pk])
    response = client.get(url, {"kind": "key_success", "q": "!!!"})
    assert response.status_code == 200
    assert "punctuation alone matches nothing" in response.content.decode()
    data = client.get(url, {"kind": "key_success", "q": "!!!", "format": "json"}).json()
    assert data == {"results": [], "message": search.PUNCTUATION_ONLY}


def test_the_json_answer_gives_text_and_the_address_that_counts_a_use(client, lead, director, draft):
    statement = _add(director, "The SENCO's leadership is outstanding.", kind="key_success")
    client.force_login(lead)
    data = client.get(
        reverse("library_search", args=[draft.pk]), {"kind": "key_success", "q": "SENCO", "format": "json"}
    ).json()
    assert data["results"] == [
        {
            "id": statement.pk,
            "text": statement.text,
            "use_url": reverse("library_use", args=[draft.pk, statement.pk]),
        }
    ]


def test_an_element_list_needs_its_element(client, lead, draft):
    client.force_login(lead)
    url = reverse("library_search", args=[draft.pk])
    assert client.get(url, {"kind": "strength", "q": "x"}).status_code == 404
    assert client.get(url, {"kind": "strength", "element": "99", "q": "x"}).status_code == 404
    assert client.get(url, {"kind": "nonsense", "q": "x"}).status_code == 404


def _statements(n: int, start: int = 0) -> None:
    LibraryStatement.objects.bulk_create(
        LibraryStatement(kind="strength", text=f"Pupils' behaviour is good, note {i}.")
        for i in range(start, start + n)
    )


def test_the_search_reads_a_fixed_number_of_rows_at_two_library_sizes(
    client, lead, draft, django_assert_num_queries
):
    client.force_login(lead)
    url = reverse("library_search", args=[draft.pk])
    query = {"kind": "strength", "element": "1", "q": "behaviour", "format": "json"}
    _statements(5)
    client.get(url, query)  # the session's first read
    # The session, the user, the assessment (with its school), its co-assessors, the search.
    with django_assert_num_queries(QUERIES):
        assert len(client.get(url, query).json()["results"]) == 5
    _statements(200, start=5)
    with django_assert_num_queries(QUERIES):
        assert len(client.get(url, query).json()["results"]) == search.LIMIT
    # The page without a script reads the same, and whether the user may edit (no more rows).
    with django_assert_num_queries(QUERIES):
        assert client.get(url, {**query, "format": ""}).status_code == 200


QUERIES = 5


def test_postgresql_searches_through_the_gin_index(is_postgres, director):
    if not is_postgres:
        pytest.skip("PostgreSQL's full-text index")
    from django.db import connection

    _add(director, "Pupils' behaviour is good.")
    queryset = search.candidates(kind="strength")
    from django.contrib.postgres.search import SearchQuery, SearchVector

    queryset = queryset.annotate(document=SearchVector("text", config="english")).filter(
        document=SearchQuery("behav:*", config="english", search_type="raw")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "library_statement_search" in plan
