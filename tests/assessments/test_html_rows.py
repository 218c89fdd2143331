"""join_rows writes what format_html_join writes, for every kind of cell a row may hold."""

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from assessments.html_rows import join_rows

TEMPLATE = '<tr><td><a href="{}">{}</a></td><td class="{}">{}</td><td>{}</td></tr>\n'

ROWS = [
    ("/a/1/", "Ash & Birch <Primary>", "badge", 'Say "hello"', "it's"),
    ("/a/2/?x=1&y=2", SafeString("<b>safe</b>"), mark_safe("text-bg-warning"), 3, None),
    ("/a/3/", format_html("<i>{}</i>", "<x>"), "", datetime.date(2026, 12, 7), gettext_lazy("Submitted")),
    ("", "", "", "", ""),
]


def test_it_writes_what_format_html_join_writes():
    assert join_rows(TEMPLATE, ROWS) == format_html_join("", TEMPLATE, ROWS)


def test_the_result_is_safe_and_unsafe_cells_are_escaped():
    written = join_rows(TEMPLATE, ROWS[:1])
    assert isinstance(written, SafeString)
    assert "Ash &amp; Birch &lt;Primary&gt;" in written
    assert "Say &quot;hello&quot;" in written and "it&#x27;s" in written
    assert "<b>safe</b>" in join_rows(TEMPLATE, ROWS[1:2])


def test_no_rows_write_nothing():
    assert join_rows(TEMPLATE, []) == "" == format_html_join("", TEMPLATE, [])
