"""Page breaks in the PDF: the closing sign-off ("Assessor: … / Date: …") never stands alone on
the last page, and a themed report's quotation keeps to the words naming who said it. The
lengths below are those that, before the rules in letter.css, put the sign-off alone at the top
of the last page, and a quotation's attribution at the top of the next (the shipped font makes
them the same on every machine)."""

import pytest

from assessments.models import Quotation, Section
from reports import letter
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import page_body_lines

pytestmark = pytest.mark.django_db

QUOTATION = "We are all welcome here, whoever we are, and the teachers listen to us when we say what we need."
ATTRIBUTION = "A pupil in Year 5"


def paragraphs(what: str, count: int) -> str:
    return "\n\n".join(f"{what} {k}, one line long." for k in range(count))


def last_page(pdf: bytes) -> list[str]:
    return page_body_lines(pdf)[-1]


def assert_not_alone(page: list[str]) -> None:
    signoff = next(i for i, line in enumerate(page) if line.startswith("Assessor:"))
    assert signoff > 0, f"the sign-off stands alone on the last page: {page}"


@pytest.mark.parametrize("count", [9, 10, 40])
def test_the_sign_off_keeps_to_the_summarys_last_lines(count):
    assessment = fill_complete(AssessmentFactory())
    assessment.summary = paragraphs("Paragraph of the summary", count)
    assessment.save()
    page = last_page(letter.render_pdf(assessment, draft=True))
    assert_not_alone(page)
    assert page[-1].startswith("Date:")


def themed(narrative_lines: int):
    assessment = fill_complete(AssessmentFactory(report_structure="themed"))
    section = Section.objects.create(
        assessment=assessment, position=1, heading="Provision", narrative=paragraphs("Line", narrative_lines)
    )
    Quotation.objects.create(
        assessment=assessment, section=section, position=1, text=QUOTATION, attribution=ATTRIBUTION
    )
    return assessment


@pytest.mark.parametrize("lines", [12])
def test_a_quotation_keeps_to_who_said_it(lines):
    pages = page_body_lines(letter.render_pdf(themed(lines), draft=True))
    for page in pages:
        assert not (page and page[0] == ATTRIBUTION), "the attribution starts a page of its own"
    with_attribution = next(page for page in pages if ATTRIBUTION in page)
    assert any(line in QUOTATION for line in with_attribution if line != ATTRIBUTION)


@pytest.mark.parametrize("lines", [6, 7])
def test_a_themed_reports_sign_off_is_not_alone_either(lines):
    assert_not_alone(last_page(letter.render_pdf(themed(lines), draft=True)))
