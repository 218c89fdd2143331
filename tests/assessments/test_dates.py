"""Dates print in British style with ordinals; user text in templates is escaped."""

import datetime

import pytest

from assessments.dates import british_date, date_range, ordinal
from assessments.templatetags.iqm import inline, paragraphs

D = datetime.date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (31, "31st"),
    ],
)
def test_ordinals(day, text):
    assert ordinal(day) == text


def test_british_dates_and_ranges():
    assert british_date(D(2010, 8, 3)) == "3rd August 2010"
    assert british_date(None) == ""
    assert date_range(D(2010, 7, 14), D(2010, 7, 15)) == "14th–15th July 2010"
    assert date_range(D(2010, 7, 14), D(2010, 7, 14)) == "14th July 2010"
    assert date_range(D(2010, 6, 30), D(2010, 7, 1)) == "30th June–1st July 2010"
    assert date_range(D(2010, 12, 31), D(2011, 1, 1)) == "31st December 2010–1st January 2011"
    assert date_range(D(2010, 7, 14), None) == "14th July 2010"


def test_text_is_escaped_before_italics_and_breaks_are_added():
    assert inline('<img src="file:///etc/passwd"> *group*\nnext') == (
        "&lt;img src=&quot;file:///etc/passwd&quot;&gt; <em>group</em><br>next"
    )
    assert paragraphs("One.\n\n \nTwo <b>.\n") == ["One.", "Two &lt;b&gt;."]
    assert inline("2 * 3 * 4") == "2 * 3 * 4"
