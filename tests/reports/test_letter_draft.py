"""An unconfirmed assessment's letter says DRAFT on every page; a confirmed one on none."""

import pytest

from reports import letter
from tests.letter_pdf import demo_letter, page_texts, reader

pytestmark = pytest.mark.django_db


def test_every_page_of_an_unconfirmed_letter_says_draft(django_db_blocker):
    pages = page_texts(demo_letter(django_db_blocker, "draft"))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" in text, f"page {number} is not marked DRAFT"


def test_a_long_draft_says_draft_on_every_page(demo):
    # The reference report rendered as a draft: a dozen pages of letter and report alike.
    pages = page_texts(letter.render_pdf(demo, draft=True))
    assert len(pages) > 10
    assert all("DRAFT" in text for text in pages)


def test_no_page_of_a_confirmed_letter_says_draft(django_db_blocker):
    pages = page_texts(demo_letter(django_db_blocker))
    assert not any("DRAFT" in text for text in pages)


def test_a_drafts_title_says_draft(django_db_blocker):
    assert reader(demo_letter(django_db_blocker, "draft")).metadata.title.startswith(
        "DRAFT — IQM reassessment report"
    )
    assert "DRAFT" not in reader(demo_letter(django_db_blocker)).metadata.title
