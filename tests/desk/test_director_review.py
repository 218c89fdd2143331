"""The director's review page shows the whole letter, and returns a submitted assessment with a
comment the assessors see, or confirms it."""

import itertools
import re

import pytest
from django.urls import reverse

from assessments.models import Statement, Status


@pytest.mark.django_db
def test_it_shows_the_whole_letter(client, director, submitted):
    Statement.objects.filter(assessment=submitted, kind="key_success").update(text="Safe <b>and</b> sound.")
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[submitted.pk])).content.decode()
    for element in submitted.framework.elements.all():
        assert f"Element {element.number} - {element.title}".replace("&", "&amp;") in page
    assert "Safe &lt;b&gt;and&lt;/b&gt; sound." in page
    assert "The school is inclusive." in page and "It is outstanding." in page
    assert reverse("letter_preview_pdf", args=[submitted.pk]) in page
    assert reverse("review_return", args=[submitted.pk]) in page
    assert reverse("review_confirm", args=[submitted.pk]) in page
    assert f'name="version" value="{submitted.version}"' in page


@pytest.mark.django_db
def test_the_letter_is_the_one_the_pdf_prints_under_the_pages_own_headings(client, director, submitted):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[submitted.pk])).content.decode()
    assert '<h3 class="section-heading">Summary</h3>' in page
    assert '<h4 class="subsection-heading">Strengths</h4>' in page
    assert "Findings confirmed by Inclusion Quality Mark Ltd:" in page
    assert "reports/letter.css" in page
    assert reverse("letter_preview_html", args=[submitted.pk]) in page
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))


@pytest.mark.django_db
def test_a_draft_letter_shows_its_gaps(client, director, draft):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[draft.pk])).content.decode()
    assert "The summary is not written yet." in page
    assert "The narrative is not written yet." in page


@pytest.mark.django_db
def test_a_confirmed_letter_is_signed_and_shows_no_gaps(client, director, confirmed):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[confirmed.pk])).content.decode()
    assert f'<p class="signatory">{director.signature_name}' in page
    assert "not written yet" not in page
    assert "Awaiting confirmation" not in page


@pytest.mark.django_db
def test_a_draft_shows_what_is_still_missing_and_no_decision(client, director, draft):
    client.force_login(director)
    page = client.get(reverse("review_assessment", args=[draft.pk])).content.decode()
    assert "Still missing before it can be submitted" in page
    assert "The letter date is missing" in page
    assert reverse("review_confirm", args=[draft.pk]) not in page


@pytest.mark.django_db
def test_returning_sets_the_comment_the_assessors_see(client, director, submitted):
    client.force_login(director)
    response = client.post(
        reverse("review_return", args=[submitted.pk]),
        {"comment": "Element 8 needs more on parents.", "version": submitted.version},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.return_comment == "Element 8 needs more on parents."
    page = client.get(response.url).content.decode()
    assert "Returned with this comment" in page and "Element 8 needs more on parents." in page


@pytest.mark.django_db
def test_returning_without_a_comment_keeps_the_page_and_says_why(client, director, submitted):
    client.force_login(director)
    response = client.post(
        reverse("review_return", args=[submitted.pk]), {"comment": "  ", "version": submitted.version}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_rejected_return_keeps_every_character_typed(client, director, submitted):
    client.force_login(director)
    comment = "Croeso — ﷽ 😊 “quoted”\n\nSecond paragraph <i>."
    response = client.post(
        reverse("review_return", args=[submitted.pk]), {"comment": comment, "version": submitted.version - 1}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed since you opened it" in page
    assert "Croeso — ﷽ 😊 “quoted”\n\nSecond paragraph &lt;i&gt;." in page


@pytest.mark.django_db
def test_a_nul_character_in_the_comment_is_a_validation_error(client, director, submitted):
    client.force_login(director)
    response = client.post(
        reverse("review_return", args=[submitted.pk]), {"comment": "bad\x00", "version": submitted.version}
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.django_db
def test_it_runs_a_bounded_number_of_queries(client, director, submitted, django_assert_max_num_queries):
    client.force_login(director)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("review_assessment", args=[submitted.pk]))
    Statement.objects.bulk_create(
        Statement(assessment=submitted, kind="key_success", position=position, text="More.")
        for position in range(100, 140)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("review_assessment", args=[submitted.pk]))


@pytest.mark.django_db
def test_get_is_not_a_decision(client, director, submitted):
    client.force_login(director)
    assert client.get(reverse("review_confirm", args=[submitted.pk])).status_code == 405
    assert client.get(reverse("review_return", args=[submitted.pk])).status_code == 405
