"""Issue 26, item 15: the school reads a part of its draft letter and comments on it there,
without scrolling back up a long letter; every part of the letter can be commented on, key
areas of success and minor areas for development too, in the letter's order."""

import re

import pytest
from django.urls import reverse

from assessments.models import Statement, StatementKind
from factcheck import services as fc
from factcheck.models import CheckComment
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db

LETTER_ORDER = [
    "section:summary",
    "section:recommendation",
    "section:details",
    "section:context",
    "section:evidence",
    "section:key_successes",
    "section:minor_areas",
    "element:1",
    "element:2",
]


@pytest.fixture
def head(submitted):
    return HeadteacherFactory(school=submitted.school)


@pytest.fixture
def check(submitted, director, head):
    for kind in (StatementKind.KEY_SUCCESS, StatementKind.MINOR_AREA):
        if not Statement.objects.filter(assessment=submitted, kind=kind).exists():
            Statement.objects.create(assessment=submitted, kind=kind, position=1, text=f"A {kind} item.")
    return fc.check_send(assessment=submitted, by=director)


def _page(client, head, check) -> str:
    client.force_login(head)
    return client.get(reverse("factcheck_school", args=[check.pk])).content.decode()


def _slug(target: str) -> str:
    return target.replace(":", "-").replace("_", "-")


def test_it_puts_a_comment_form_after_each_part_of_the_letter_in_the_letters_order(client, head, check):
    page = _page(client, head, check)
    places = [page.index(f'id="part-{_slug(target)}"') for target in LETTER_ORDER]
    assert places == sorted(places)
    for target in LETTER_ORDER:
        assert f'<input type="hidden" name="target" value="{target}">' in page
    # Each form follows its own part: the context's between its heading and the next one.
    context_heading = page.index("Context of the School and Sources of Data</h3>")
    evidence_heading = page.index("Portfolio and Other Supporting Evidence</h3>")
    assert context_heading < page.index('id="part-section-context"') < evidence_heading
    assert "Comment on Key areas of success" in page and "Comment on Minor areas for development" in page


def test_the_list_of_parts_is_in_the_letters_order_with_every_part(client, head, check):
    page = _page(client, head, check)
    options = re.findall(r'<option value="((?:section|element):[a-z_0-9]+)"', page)
    assert options[: len(LETTER_ORDER)] == LETTER_ORDER
    assert fc.valid_target(check.assessment, "section:key_successes")
    assert fc.valid_target(check.assessment, "section:minor_areas")


def test_a_comment_on_a_part_goes_back_to_that_part(client, head, check):
    client.force_login(head)
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]),
        {"target": "section:key_successes", "text": "Our choir won the county prize."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#part-section-key-successes")
    assert CheckComment.objects.get().target == "section:key_successes"
    page = _page(client, head, check)
    part = page[page.index('id="part-section-key-successes"') :]
    assert "Our choir won the county prize." in part[: part.index("</details>")]


def test_a_failed_comment_on_a_part_is_shown_beside_that_part(client, head, check):
    client.force_login(head)
    response = client.post(
        reverse("factcheck_school_comment", args=[check.pk]), {"target": "section:context", "text": " "}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#comment-section-context"' in page
    part = page[page.index('id="part-section-context"') :]
    assert "<details open>" in part[:400]
    assert 'id="comment-section-context-error">Write the comment.' in part
