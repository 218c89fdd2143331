"""The second reading's pages keep each person's own navigation: a director keeps theirs (with
the second readings in it) and moves between the queue, the rule and the figures; a reader has
the queue alone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ("reading_queue", "reading_rule", "reading_figures")


@pytest.mark.parametrize("name", PAGES)
def test_a_director_keeps_their_navigation_on_every_reading_page(client, director, name):
    client.force_login(director)
    page = client.get(reverse(name)).content.decode()
    assert f'href="{reverse("visit_schedule")}"' in page  # the director's own navigation
    assert 'aria-label="Second readings"' in page
    for other in PAGES:
        assert f'href="{reverse(other)}"' in page
    assert page.count('aria-current="page"') == 1


def test_the_directors_home_leads_to_the_second_readings(client, director):
    client.force_login(director)
    assert f'href="{reverse("reading_queue")}">Second readings' in client.get("/").content.decode()


def test_a_reader_has_the_queue_and_not_the_directors_pages(client, reader):
    client.force_login(reader)
    page = client.get(reverse("reading_queue")).content.decode()
    assert f'href="{reverse("reading_queue")}">Second readings' in page
    assert reverse("reading_rule") not in page and reverse("visit_schedule") not in page
