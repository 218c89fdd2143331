"""/reports/assessments/<id>/letter/: the letter as a web page, from the same template body as
the PDF, with links to the PDF; for the same people as the PDF preview."""

import itertools
import re

import pytest
from django.urls import reverse

from accounts.models import User

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


def test_it_shows_every_section_in_the_letters_order(client, lead, complete_draft):
    client.force_login(lead)
    html = client.get(url(complete_draft)).content.decode()
    order = [
        "20th November 2026",
        "Summary",
        "The school is inclusive.",
        "I recommend that the school be awarded the Mark.",
        "Findings confirmed by Inclusion Quality Mark Ltd:",
        "Name of School:",
        "Date of assessment:",
        "Context of the School and Sources of Data",
        "Portfolio and Other Supporting Evidence",
        "Key Areas of Success",
        "Safeguarding.",
        "Minor Areas for Development",
        "Peer counselling.",
        "Element 1 - Learner Progress",
        "Element 10 - The Community",
        "Date: 20th November 2026",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert html.count("<p>The school is inclusive.</p>") == 2


def test_headings_never_skip_a_level(client, complete_draft, lead):
    client.force_login(lead)
    html = client.get(url(complete_draft)).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))


def test_a_draft_shows_what_it_still_lacks(client, lead, draft):
    client.force_login(lead)
    html = client.get(url(draft)).content.decode()
    assert "The summary is not written yet." in html
    assert "The narrative is not written yet." in html
    assert "The letter date is not set yet." in html
    assert "Awaiting confirmation by a director" in html


def test_it_prints_the_reference_letter_with_its_signature(client, demo):
    client.force_login(User.objects.get(username="assessor"))
    html = client.get(url(demo)).content.decode()
    assert "Joe McCann MBA NPQH" in html
    assert "14th–15th July 2010" in html
    assert html.count("There are no significant areas for development.") == 4
    assert "Element 10 - The Community" in html
    assert "not written yet" not in html
    assert "DRAFT" not in html


@pytest.mark.parametrize(
    ("who", "back"), [("lead", "assessment_overview"), ("director", "review_assessment")]
)
def test_its_breadcrumb_leads_back_to_the_assessment(client, complete_draft, who, back, request):
    client.force_login(request.getfixturevalue(who))
    html = client.get(url(complete_draft)).content.decode()
    assert f'<a href="{reverse(back, args=[complete_draft.pk])}">{complete_draft.school.name}</a>' in html


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
