"""A report waiting for its second reading says so on the director's lists: the director cannot
confirm it until the reader signs it off (or a director overrides the reading), so "Submitted"
alone would read as ready to confirm."""

import pytest
from django.urls import reverse

from assessments import services
from reading import services as reading
from tests.factories import AssessmentFactory, UserFactory, fill_complete

pytestmark = pytest.mark.django_db


def submitted(school_name: str):
    assessment = fill_complete(AssessmentFactory(school__name=school_name))
    return services.assessment_submit(assessment=assessment, by=assessment.lead_assessor)


def row_of(text: str, school: str) -> str:
    """The school's row in the list waiting for review (the home's Overdue list names it too)."""
    waiting = text.index("Waiting for your review")
    start = text.index(f">{school}</a>", waiting)
    return text[start : text.index("</tr>", start)]


@pytest.mark.parametrize("path", [reverse("home"), reverse("review_list", args=["waiting"])])
def test_a_report_in_its_second_reading_says_so_and_one_signed_off_is_submitted(client, director, path):
    in_reading, signed_off = submitted("Ash School"), submitted("Birch School")
    submitted("Cedar School")  # no reading at all
    reading.reading_ask(assessment=in_reading, by=director, notify=False)
    done = reading.reading_ask(assessment=signed_off, by=director, notify=False)
    reader = UserFactory(role="qa_reader")
    reading.reading_sign_off(reading=done, by=reader)
    client.force_login(director)
    text = client.get(path).content.decode()
    assert '<span class="badge text-bg-info">In second reading</span>' in row_of(text, "Ash School")
    for school in ("Birch School", "Cedar School"):
        assert '<span class="badge text-bg-warning">Submitted</span>' in row_of(text, school)
