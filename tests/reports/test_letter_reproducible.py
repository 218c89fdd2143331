"""Rendering the same assessment twice gives the same letter: same text, same pages, and (since
nothing in it comes from the clock or chance) the same bytes."""

import pytest

from reports import letter
from tests.letter_pdf import demo_letter, page_texts

pytestmark = pytest.mark.django_db


def test_the_same_assessment_renders_to_the_same_text_and_page_count(demo, django_db_blocker):
    first = demo_letter(django_db_blocker)
    second = letter.render_pdf(demo, draft=False)
    assert page_texts(second) == page_texts(first)
    assert len(page_texts(second)) == len(page_texts(first))


def test_the_same_assessment_renders_to_the_same_bytes(demo):
    assert letter.render_pdf(demo, draft=False) == letter.render_pdf(demo, draft=False)


def test_the_pdf_dates_come_from_the_confirmation_not_the_clock(demo, django_db_blocker):
    from tests.letter_pdf import reader

    info = reader(demo_letter(django_db_blocker)).metadata
    assert info.creation_date.isoformat() == "2010-08-03T09:00:00+00:00"
    assert info.modification_date == info.creation_date
