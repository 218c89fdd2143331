"""The demo's Centre of Excellence annual review of The Heath School, against the eight-element
framework, reads as a Centre of Excellence review from its title to its signature."""

import pytest

from tests.letter_pdf import demo_letter, page_texts, reader
from tests.reference import assert_in_order, normalise

pytestmark = pytest.mark.django_db


def test_the_demo_review_reads_as_a_centre_of_excellence_review(django_db_setup, django_db_blocker):
    pdf = demo_letter(django_db_blocker, "coe_review")
    assert (
        reader(pdf).metadata.title
        == "Centre of Excellence annual review — The Heath School — 2nd December 2025"
    )
    pages = [normalise(text) for text in page_texts(pdf)]
    text = " ".join(pages)
    assert_in_order(
        text,
        ["12th December 2025", "Mrs Heather Mullaney", "The Heath School", "Centre of Excellence annual review",
         "Summary", "Demo text", "I recommend that it retains the status", "Assessor: Roger Yates",
         "Findings confirmed by Inclusion Quality Mark Ltd:", "Joe McCann MBA NPQH",
         "Name of School: The Heath Specialist Technology College", "Number on roll: 1,059",
         "Type of visit: Centre of Excellence review", "Date of visit: 2nd December 2025",
         "Assessor/s: Roger Yates", "Successful: Yes", "Award level confirmed: Centre of Excellence",
         "Date of next review: 12th December 2026", "Context of the School and Sources of Data",
         "Key Areas of Success", "Element 1 - Inclusion Values of the School",
         "Element 8 - Links with Local, Wider and Global Community", "Summary", "Date: 12th December 2025"],
    )  # fmt: skip
    for words in (
        "Specific Issues Known",
        "Final assessor/s",
        "Assessment Report by IQM",
        "Minor Areas for Development",
    ):
        assert words not in text, words
    assert "DRAFT" not in text
