"""Issue 26, item 4: the assessor's home shows, per assessment, how many of the school's
comments on its draft wait for an answer, with a link to answer them."""

import pytest
from django.urls import reverse

from factcheck import services as fc
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def commented(submitted, director):
    head = HeadteacherFactory(school=submitted.school)
    fc.check_send(assessment=submitted, by=director)
    first = fc.comment_add(assessment=submitted, by=head, target="section:context", text="952 on roll.")
    fc.comment_add(assessment=submitted, by=head, target="element:1", text="Two SENCos.")
    return first


def test_it_shows_the_lead_how_many_school_comments_wait_for_an_answer(client, lead, submitted, commented):
    page = home(client, lead)
    assert "2 comments of the school on the draft letter wait for your answer." in page
    link = reverse("factcheck_assessor", args=[submitted.pk])
    assert (
        f'<a href="{link}">Answer them<span class="visually-hidden"> — {submitted.school.name}</span></a>'
        in page
    )


def test_it_counts_only_the_comments_still_unanswered(client, lead, submitted, commented):
    fc.comment_answer(comment=commented, by=lead, changed=True, text="Corrected.")
    page = home(client, lead)
    assert "1 comment of the school on the draft letter waits for your answer." in page
    fc.comment_answer(comment=submitted.factual_check.comments.last(), by=lead, changed=False, text="Right.")
    assert "unanswered-comments" not in home(client, lead)


def test_it_tells_a_co_assessor_the_comments_wait_for_the_lead(client, co_assessor, submitted, commented):
    page = home(client, co_assessor)
    assert "2 comments of the school on the draft letter wait for the lead assessor's answer." in page
    assert "Read them" in page
