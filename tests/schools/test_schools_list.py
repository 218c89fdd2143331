"""Directors list the schools, search them by name, town or postcode, a page at a time."""

import pytest
from django.urls import reverse

from tests.factories import SchoolFactory


@pytest.mark.django_db
def test_it_lists_and_searches_schools(client, director):
    SchoolFactory(name="Heathfield Primary", town="Leeds", postcode="LS1 1AA")
    SchoolFactory(name="Riverside Academy", town="Hull", postcode="HU1 1AA")
    client.force_login(director)
    page = client.get(reverse("school_list")).content.decode()
    assert "Heathfield Primary" in page and "Riverside Academy" in page
    page = client.get(reverse("school_list"), {"q": "hu1"}).content.decode()
    assert "Riverside Academy" in page and "Heathfield Primary" not in page
    assert "1 school matches “hu1”" in page


@pytest.mark.django_db
def test_it_pages_through_many_schools_keeping_the_search(client, director):
    for n in range(30):
        SchoolFactory(name=f"Hill School {n:02d}")
    client.force_login(director)
    first = client.get(reverse("school_list"), {"q": "Hill"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?q=Hill&amp;page=2" in first
    second = client.get(reverse("school_list"), {"q": "Hill", "page": 2}).content.decode()
    assert "Hill School 29" in second and "Hill School 00" not in second


@pytest.mark.django_db
def test_search_text_is_escaped(client, director):
    client.force_login(director)
    page = client.get(reverse("school_list"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["lead", "headteacher"])
def test_it_is_404_for_everyone_but_directors(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("school_list")).status_code == 404


@pytest.mark.django_db
def test_it_runs_a_fixed_number_of_queries(client, director, django_assert_max_num_queries):
    client.force_login(director)
    SchoolFactory()
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("school_list"))
    for _ in range(20):
        SchoolFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("school_list"))


@pytest.mark.django_db
def test_it_counts_each_schools_headteacher_logins(client, director, headteacher):
    from tests.factories import HeadteacherFactory

    HeadteacherFactory(school=headteacher.school)
    SchoolFactory(name="No Logins School")
    client.force_login(director)
    page = client.get(reverse("school_list")).content.decode()

    def logins_cell(name):  # the cell before the award's
        return page.split(name, 1)[1].split("</tr>", 1)[0].rstrip().rsplit("\n", 1)[0].rstrip()

    assert logins_cell(headteacher.school.name).endswith("<td>2</td>")
    assert logins_cell("No Logins School").endswith("<td>0</td>")


@pytest.mark.django_db
def test_search_results_are_in_name_order_whatever_the_case(client, director):
    for name in ("Zeal Hill School", "abbey Hill School", "Moor Hill School"):
        SchoolFactory(name=name)
    client.force_login(director)
    page = client.get(reverse("school_list"), {"q": "hill"}).content.decode()
    positions = [page.index(name) for name in ("abbey Hill School", "Moor Hill School", "Zeal Hill School")]
    assert positions == sorted(positions)


@pytest.mark.django_db
@pytest.mark.postgres
def test_postgresql_has_a_trigram_index_for_each_searched_column():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'schools_school'")
        indexes = dict(cursor.fetchall())
    for column in ("name", "addressed_name", "town", "postcode"):
        definition = indexes[f"school_{column}_trgm_idx"]
        assert (
            "gin" in definition and "gin_trgm_ops" in definition and f"upper(({column})::text)" in definition
        )


@pytest.mark.django_db
def test_a_row_links_the_school_and_escapes_what_it_shows(client, director):
    school = SchoolFactory(
        name="<b>Bold</b> & Co",
        addressed_name="The <i>Bold</i> School",
        town="<Leeds>",
        local_authority="L&A",
    )
    client.force_login(director)
    page = client.get(reverse("school_list")).content.decode()
    assert (
        f'<a href="{reverse("school_detail", args=[school.pk])}">&lt;b&gt;Bold&lt;/b&gt; &amp; Co</a>' in page
    )
    assert "addressed as The &lt;i&gt;Bold&lt;/i&gt; School" in page
    assert "<td>&lt;Leeds&gt;</td>" in page and "<td>L&amp;A</td>" in page
    assert "<b>" not in page and "<i>Bold" not in page
    assert '<span class="text-body-secondary">None</span>' in page  # no award yet


@pytest.mark.django_db
def test_a_school_addressed_by_its_own_name_has_no_addressed_as_line(client, director):
    SchoolFactory(name="Plain Primary", addressed_name="Plain Primary")
    client.force_login(director)
    assert "addressed as" not in client.get(reverse("school_list")).content.decode()


def test_the_search_finds_likes_own_characters_as_themselves(client, director):
    """The search binds its LIKE pattern whole (School.objects.matching): a % or _ typed is
    looked for as itself, not as LIKE's wildcard."""
    from schools.models import School

    client.force_login(director)
    SchoolFactory(name="St Anne's 100% Primary")
    SchoolFactory(name="St Anne's 1000 Primary")
    SchoolFactory(name="Under_score School")
    SchoolFactory(name="Underscore School")
    assert list(School.objects.search("100%").values_list("name", flat=True)) == ["St Anne's 100% Primary"]
    assert list(School.objects.search("r_s").values_list("name", flat=True)) == ["Under_score School"]
    page = client.get(reverse("school_list"), {"q": "100%"}).content.decode()
    assert "1 school matches" in page and "100% Primary" in page and "1000 Primary" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Hill", ""])
def test_a_page_past_the_prepared_ones_lists_the_same_rows(client, director, monkeypatch, q):
    """The list's first pages are prepared queries (desk.school_selectors.PREPARED_PAGES), the
    later ones Django's own: the same rows either way."""
    from desk import school_selectors

    for n in range(30):
        SchoolFactory(name=f"Hill School {n:02d}", town="Hull" if n % 2 else "Leeds")
    client.force_login(director)
    prepared = client.get(reverse("school_list"), {"q": q, "page": 2}).content.decode()
    monkeypatch.setattr(school_selectors, "PREPARED_PAGES", 1)
    built = client.get(reverse("school_list"), {"q": q, "page": 2}).content.decode()
    rows = prepared.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Hill School 29" in rows and "Hill School 00" not in rows
    assert built.split("<tbody>", 1)[1].split("</tbody>", 1)[0] == rows
