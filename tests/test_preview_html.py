"""/reports/assessments/<id>/letter/: the letter as a web page, from the same template body as
the PDF, with links to the PDF; for the same people as the PDF preview."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(assessment) -> str:
    return reverse("letter_preview_html", args=[assessment.pk])


@pytest.mark.parametrize("who", ["lead", "co_assessor", "director"])
def test_the_team_sees_the_letter_as_a_page(client, complete_draft, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(complete_draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft letter to" in html
    assert "Narrative for" in html
    assert f'href="{reverse("letter_preview_pdf", args=[complete_draft.pk])}"' in html
    assert "reports/letter.css" in html


def test_the_page_has_one_h1_and_the_letters_sections_below_it(client, complete_draft, lead):
    client.force_login(lead)
    html = client.get(url(complete_draft)).content.decode()
    assert html.count("<h1") == 1
    assert '<h2 class="section-heading">Summary</h2>' in html
    assert '<h3 class="subsection-heading">Strengths</h3>' in html
    assert "<h4" not in html


def test_it_escapes_user_text(client, complete_draft, lead):
    complete_draft.summary = '<img src="file:///etc/passwd"> *really*'
    complete_draft.save()
    client.force_login(lead)
    html = client.get(url(complete_draft)).content.decode()
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt; <em>really</em>" in html
    assert '<img src="file' not in html


def test_a_confirmed_letter_is_not_called_a_draft(client, demo, director):
    client.force_login(director)
    html = client.get(url(demo)).content.decode()
    assert "Draft letter" not in html
    assert "marked DRAFT" not in html
    assert "Joe McCann MBA NPQH" in html


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "other_headteacher"])
def test_anyone_else_gets_404(client, complete_draft, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(complete_draft)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, complete_draft):
    response = client.get(url(complete_draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_it_reads_the_letter_in_a_fixed_number_of_queries(
    client, demo, director, django_assert_max_num_queries
):
    client.force_login(director)
    client.get("/")  # the first request of a session does one-off sign-in checks
    with django_assert_max_num_queries(12):
        assert client.get(url(demo)).status_code == 200
