"""The letter's web pages load WOFF2 subsets of its font, a tenth of the TrueType files' size;
the PDF keeps the full TrueType files, which WeasyPrint subsets into the PDF itself."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from fontTools.ttLib import TTFont

from reports.models import IssuedReport

ROOT = Path(__file__).resolve().parents[2]
WEB_FONT_LIMIT = 150 * 1024
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


def _css(name: str) -> str:
    return Path(finders.find(f"reports/{name}")).read_text(encoding="utf-8")


def _font_urls(css: str) -> list[str]:
    return re.findall(r"""url\(["']?([^"')]+)["']?\)""", css)


def _stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="/static/reports/([^"]+)">', page)


@pytest.mark.django_db
def test_the_letters_web_page_loads_only_woff2_fonts_each_under_150_kb(client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    client.force_login(confirmed.lead_assessor)
    page = client.get(reverse("issued_letter", args=[report.pk])).content.decode()
    sheets = _stylesheets(page)
    assert sheets == ["letter-fonts-web.css", "letter.css"]
    urls = [url for sheet in sheets for url in _font_urls(_css(sheet))]
    assert len(urls) == 4
    for url in urls:
        assert url.endswith(".woff2")
        path = (Path(finders.find("reports/letter.css")).parent / url).resolve()
        assert path.stat().st_size < WEB_FONT_LIMIT
        assert path.read_bytes()[:4] == b"wOF2"


@pytest.mark.django_db
def test_every_page_with_the_letter_links_the_web_fonts(client, director, submitted):
    client.force_login(director)
    for url in (
        reverse("review_assessment", args=[submitted.pk]),
        reverse("letter_preview_html", args=[submitted.pk]),
    ):
        assert _stylesheets(client.get(url).content.decode()) == ["letter-fonts-web.css", "letter.css"]


def test_the_pdf_keeps_the_truetype_files():
    template = (ROOT / "templates" / "reports" / "letter.html").read_text()
    assert '<link rel="stylesheet" href="reports/letter-fonts.css">' in template
    assert [Path(url).name for url in _font_urls(_css("letter-fonts.css"))] == [
        f"Carlito-{s}.ttf" for s in STYLES
    ]
    assert _font_urls(_css("letter.css")) == []  # the shared rules name no font file


@pytest.mark.parametrize("style", STYLES)
def test_each_subset_draws_what_a_letter_writes(style):
    font = TTFont(ROOT / "static" / "fonts" / "carlito" / "web" / f"IQMLetterSans-{style}.woff2")
    cmap = font.getBestCmap()
    for character in "AZaz09 £€–—‘’“”…•éèçñöüßàâêîôûŵŷŴŶłŁ":
        assert ord(character) in cmap, character
    # A modified font may not carry the Reserved Font Name; its copyright and licence stay.
    assert font["name"].getDebugName(1) == "IQM Letter Sans"
    assert "Carlito" not in font["name"].getDebugName(4) + font["name"].getDebugName(6)
    assert "Reserved Font Name" in font["name"].getDebugName(0) + font["name"].getDebugName(13)
