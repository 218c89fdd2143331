"""The demo's letter reads as the reference report: every paragraph and bullet, every heading,
in the reference's order, with the letter's furniture where the reference has it."""

import re

import pytest

from tests.letter_pdf import body_text, demo_letter, page_body_lines, page_texts
from tests.reference import assert_in_order, normalise, reference_blocks, reference_headings

NO_AREAS = "There are no significant areas for development."


# Every test reads the demo's letter, rendered once from the test database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def heath_pdf(django_db_setup, django_db_blocker) -> bytes:
    return demo_letter(django_db_blocker)


@pytest.fixture(scope="module")
def heath_text(heath_pdf) -> str:
    return body_text(heath_pdf)


def test_it_prints_every_paragraph_and_bullet_of_the_reference_in_order(heath_text):
    blocks = reference_blocks()
    assert len(blocks) > 130
    assert_in_order(heath_text, blocks)


def test_it_prints_the_section_and_element_headings_in_the_reference_order(heath_text):
    headings = reference_headings()
    assert headings[0] == "Summary"
    assert headings[-1] == "Element 10 - The Community"
    assert_in_order(heath_text, headings)


def test_it_repeats_the_summary_after_the_last_element_and_signs_off(heath_text):
    assert_in_order(
        heath_text,
        ["Element 10 - The Community", "Summary", "The field of education faces deep changes",
         "Assessor: Roger Yates", "Date: 3rd August 2010"],
    )  # fmt: skip


def test_it_says_no_significant_areas_only_where_the_finding_is_so_marked(heath_text, demo):
    marked = demo.findings.filter(no_significant_areas=True).count()
    assert marked == 4
    assert normalise(heath_text).count(NO_AREAS) == marked


def test_it_opens_with_the_date_the_addressee_and_the_summary(heath_pdf):
    assert_in_order(
        page_texts(heath_pdf)[0],
        ["3rd August 2010", "Mrs Heather Mullaney", "Headteacher", "The Heath School", "Clifton Road",
         "Runcorn", "Cheshire", "WA7 4SY", "Summary"],
    )  # fmt: skip


def test_it_signs_the_letter_with_the_assessor_and_the_confirming_director(heath_text):
    assert_in_order(
        heath_text,
        ["I recommend that the school be awarded the Mark and be reassessed in 3 years' time.",
         "Assessor: Roger Yates", "Findings confirmed by Inclusion Quality Mark Ltd:",
         "Joe McCann MBA NPQH", "Director of Inclusion Quality Mark Ltd", "Name of School:"],
    )  # fmt: skip


def test_it_prints_the_details_table_with_british_dates(heath_text):
    assert_in_order(
        heath_text,
        ["Name of School: The Heath Specialist Technology College", "Headteacher: Heather Mullaney",
         "Date of assessment: 14th-15th July 2010", "Final assessor/s: Roger Yates", "Successful: Yes",
         "Context of the School and Sources of Data"],
    )  # fmt: skip


def test_it_numbers_its_pages_and_heads_the_report_pages(heath_pdf):
    pages = page_texts(heath_pdf)
    total = len(pages)
    assert 8 <= total <= 16
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text
    headed = [number for number, text in enumerate(pages, start=1) if "Assessment Report by IQM" in text]
    # The letter is the first pages; the report, from the details table on, has the header.
    first_report_page = next(n for n, text in enumerate(pages, start=1) if "Name of School:" in text)
    assert first_report_page > 1
    assert headed == list(range(first_report_page, total + 1))


def test_it_prints_a_list_typed_inside_a_list_item_as_its_own_lines(heath_pdf):
    text = body_text(heath_pdf)
    assert re.search(
        r"subsequent report:- *\n1\. The effectiveness of partnerships[^\n]*\n2\. The effectiveness", text
    )


def test_no_heading_is_left_at_the_foot_of_a_page(heath_pdf):
    headings = {*reference_headings(), "Specific Issues Known", "Strengths", "Areas for development"}
    pages = page_body_lines(heath_pdf)
    for number, lines in enumerate(pages[:-1], start=1):
        assert normalise(lines[-1]) not in headings, f"page {number} ends with the heading {lines[-1]!r}"
