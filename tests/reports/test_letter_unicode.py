"""Text as typed prints as typed: Welsh accents, curly quotes and dashes in the shipped font;
characters the font lacks (emoji, Arabic) still print, in a fallback font, and never break it."""

import pytest

from reports import letter
from tests.letter_pdf import body_text, font_names

pytestmark = pytest.mark.django_db


def test_welsh_and_the_reports_typography_print_in_the_shipped_font_alone(complete_draft):
    complete_draft.summary = "Ysgol Gymraeg Bro Ŵyl: ŵ ŷ â ê î ô û — “quoted” ‘single’ – dash… £20, €5."
    complete_draft.save()
    pdf = letter.render_pdf(complete_draft, draft=True)
    assert "Ysgol Gymraeg Bro Ŵyl: ŵ ŷ â ê î ô û — “quoted” ‘single’ – dash… £20, €5." in body_text(pdf)
    assert all(name.startswith("IQM-Carlito") for name in font_names(pdf))


def test_characters_the_font_lacks_still_print(complete_draft):
    complete_draft.summary = "Emoji 😀 and العربية."
    complete_draft.save()
    text = body_text(letter.render_pdf(complete_draft, draft=True))
    assert "Emoji 😀 and" in text
