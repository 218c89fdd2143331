"""The badge: an SVG of the award level and year, public, linking (through the snippet) to the
verification page; it says when the letter is no longer current."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from assessments import services
from reports import badge
from reports.models import IssuedReport

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 — the app's own output
    return [t.text for t in root.iter(f"{SVG}text")]


def test_the_demo_badge_shows_the_level_and_year_and_that_it_expired(client, demo):
    report = IssuedReport.objects.get(assessment=demo)
    response = client.get(reverse("verify_badge", args=[report.verification_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=3600"
    level = demo.kind.award_level.name
    assert _texts(response.content) == ["Inclusion Quality Mark", level, "2010 · Expired"]
    root = ET.fromstring(response.content)  # noqa: S314 — the app's own output
    assert root.find(f"{SVG}title").text == f"Inclusion Quality Mark: {level}, 2010 (expired)"


def test_a_current_badge_shows_no_state(client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    texts = _texts(client.get(reverse("verify_badge", args=[report.verification_code])).content)
    assert texts[1] == confirmed.kind.award_level.name
    assert texts[2] == str(confirmed.letter_date.year)


def test_a_superseded_letters_badge_says_so(client, confirmed, director, lead):
    original = IssuedReport.objects.get(assessment=confirmed)
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A typing error.")
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    texts = _texts(client.get(reverse("verify_badge", args=[original.verification_code])).content)
    assert texts[2].endswith("Superseded")


@pytest.mark.parametrize("code", ["ZZZZZZZZZZ", "<script>", "a" * 300, "%00"])
def test_an_unknown_or_odd_code_is_a_plain_404(client, demo, code):
    response = client.get(f"/verify/{code}/badge.svg")
    assert response.status_code == 404


def test_the_svg_escapes_what_it_prints():
    svg = badge.badge_svg(badge.BadgeFacts(level='<b>"Level"</b> & Co', year=2026, state="current"))
    assert "<b>" not in svg
    assert _texts(svg.encode())[1] == '<b>"Level"</b> & Co'


def test_the_snippet_links_the_badge_to_the_verification_page(confirmed, settings):
    settings.SITE_URL = "https://iqm.example.org"
    report = IssuedReport.objects.get(assessment=confirmed)
    facts = badge.badge_facts(report)
    snippet = badge.badge_snippet(report, facts)
    code = report.verification_code
    assert snippet.startswith(f'<a href="https://iqm.example.org/verify/{code}/">')
    assert f'<img src="https://iqm.example.org/verify/{code}/badge.svg"' in snippet
    assert f'alt="{facts.description}. Check that it is genuine."' in snippet


def test_the_headteacher_is_given_the_snippet_on_the_letters_page(client, confirmed, headteacher):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(headteacher)
    page = client.get(reverse("issued_letter", args=[report.pk])).content.decode()
    assert 'id="badge-snippet"' in page
    assert f"/verify/{report.verification_code}/badge.svg&quot;" in page  # escaped in the textarea


def test_characters_xml_does_not_allow_are_left_out():
    svg = badge.badge_svg(badge.BadgeFacts(level="Level\x0bOne\x00", year=2026, state="current"))
    assert _texts(svg.encode())[1] == "LevelOne"


def test_missed_codes_count_towards_the_limit_found_badges_do_not(client, confirmed, settings):
    settings.IQM_VERIFY_CLIENT_LIMIT = 2
    report = IssuedReport.objects.get(assessment=confirmed)
    for _ in range(5):
        assert client.get(reverse("verify_badge", args=[report.verification_code])).status_code == 200
    assert client.get("/verify/ZZZZZZZZZZ/badge.svg").status_code == 404
    assert client.get("/verify/ZZZZZZZZZY/badge.svg").status_code == 404
    assert client.get("/verify/ZZZZZZZZZX/badge.svg").status_code == 429
