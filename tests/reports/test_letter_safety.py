"""User text is escaped in the letter, and WeasyPrint fetches nothing but the project's own
static files: not file://, not http(s)://, not data:, not what an assessor typed."""

import pytest

from assessments.models import Statement, StatementKind
from reports import letter
from tests.factories import SchoolFactory
from tests.letter_pdf import body_text, page_texts

pytestmark = pytest.mark.django_db

HOSTILE = '<img src="file:///etc/passwd">'


class RecordingFetch:
    """The letter's own fetcher, recording every URL WeasyPrint asks for and what came of it."""

    def __init__(self):
        self.served: list[str] = []
        self.refused: list[str] = []

    def __call__(self, url: str) -> letter.StaticFile:
        try:
            found = letter.fetch_static_file(url)
        except letter.FetchRefused:
            self.refused.append(url)
            raise
        self.served.append(url)
        return found

    @property
    def attempts(self) -> list[str]:
        return self.served + self.refused


LETTER_FILES = {
    letter.BASE_URL + "reports/letter-fonts.css",
    letter.BASE_URL + "reports/letter.css",
    letter.BASE_URL + "fonts/carlito/Carlito-Regular.ttf",
    letter.BASE_URL + "fonts/carlito/Carlito-Bold.ttf",
    letter.BASE_URL + "fonts/carlito/Carlito-Italic.ttf",
    letter.BASE_URL + "fonts/carlito/Carlito-BoldItalic.ttf",
}


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/letter.css",
        "https://example.org/static/reports/letter.css",
        "data:text/css,body{color:red}",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://static.iqm.invalid/static/reports/letter.css",
        "https://static.iqm.invalid/etc/passwd",
        "https://static.iqm.invalid/static/../iqm/settings.py",
        "https://static.iqm.invalid/static/reports/../../iqm/settings.py",
        "https://static.iqm.invalid/static/%2e%2e/%2e%2e/etc/passwd.css",
        "https://static.iqm.invalid/static//etc/passwd.css",
        "https://static.iqm.invalid/static/reports/letter.css?x=1",
        "https://user@static.iqm.invalid/static/reports/letter.css",
        "https://static.iqm.invalid:8443/static/reports/letter.css",
        "https://static.iqm.invalid/static/fonts/carlito/OFL.txt",
        "https://static.iqm.invalid/static/reports/no-such-file.css",
    ],
)
def test_the_fetcher_refuses_everything_but_the_projects_static_files(url):
    with pytest.raises(letter.FetchRefused):
        letter.fetch_static_file(url)


def test_the_fetcher_serves_the_font_stylesheet_and_the_font():
    css = letter.fetch_static_file(letter.BASE_URL + "reports/letter-fonts.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.body
    font = letter.fetch_static_file(letter.BASE_URL + "fonts/carlito/Carlito-Regular.ttf")
    assert font.content_type == "font/ttf"
    assert font.body[:4] == b"\x00\x01\x00\x00"


def test_user_text_prints_as_typed_and_makes_no_fetch(complete_draft):
    complete_draft.summary = f"Before {HOSTILE} after.\n\n<script>alert(1)</script> & <b>bold</b>"
    complete_draft.context = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><style>@import "data:text/css,p{}";</style>'
    )
    complete_draft.save()
    Statement.objects.filter(assessment=complete_draft, kind=StatementKind.KEY_SUCCESS).update(
        text='<object data="file:///etc/hostname"></object> *emphasis*'
    )
    fetch = RecordingFetch()
    pdf = letter.render_pdf(complete_draft, draft=True, fetch=fetch)

    assert set(fetch.attempts) <= LETTER_FILES
    assert fetch.refused == []
    text = body_text(pdf)
    assert f"Before {HOSTILE} after." in text
    assert "<script>alert(1)</script> & <b>bold</b>" in text
    assert (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><style>@import "data:text/css,p{}";</style>'
        in text
    )
    assert '<object data="file:///etc/hostname"></object> emphasis' in text


def test_the_html_escapes_user_text_everywhere(complete_draft):
    complete_draft.school = SchoolFactory(name="<i>School</i>", addressed_name='"><img src=x>')
    complete_draft.recommendation = HOSTILE
    complete_draft.save()
    html = letter.render_html(letter.gather_context(complete_draft, draft=True))
    assert "<img" not in html
    assert "<i>School" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "&lt;i&gt;School&lt;/i&gt;" in html


def test_markup_that_slipped_past_escaping_still_fetches_nothing():
    # Defence in depth: if a template ever printed raw markup, the fetcher would still refuse.
    html = (
        '<!doctype html><html lang="en-GB"><head><title>t</title>'
        '<link rel="stylesheet" href="reports/letter.css">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css"></head>'
        '<body class="letter"><p>Text</p><img src="file:///etc/passwd" alt="a">'
        '<img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E" alt="b">'
        '<img src="/static/../../etc/passwd" alt="c"></body></html>'
    )
    fetch = RecordingFetch()
    pdf = letter.html_to_pdf(html, fetch=fetch)

    assert set(fetch.served) <= LETTER_FILES
    assert letter.BASE_URL + "reports/letter.css" in fetch.served
    assert set(fetch.refused) == {
        "http://127.0.0.1:9/evil.css",
        "file:///etc/passwd",
        "data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E",
        "https://static.iqm.invalid/etc/passwd",
    }
    assert "Text" in page_texts(pdf)[0]


def test_the_letter_loads_its_stylesheet_and_font_without_a_warning(complete_draft, caplog):
    fetch = RecordingFetch()
    with caplog.at_level("WARNING", logger="weasyprint"):
        letter.render_pdf(complete_draft, draft=True, fetch=fetch)
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []
    assert set(fetch.served) == LETTER_FILES
