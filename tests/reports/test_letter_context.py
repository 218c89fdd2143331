"""gather_context reads an assessment into the letter's plain values in a fixed number of
queries, and render_html lays them out in the reference's order, without making a PDF."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Finding, Statement, StatementKind
from reports import letter
from tests.factories import AssessmentFactory, AssessorFactory
from tests.reference import assert_in_order, normalise

pytestmark = pytest.mark.django_db


def html_text(html: str) -> str:
    """The HTML's text, tags removed, for order checks."""
    import re

    return re.sub(r"<[^>]+>", " ", html)


def test_it_reads_the_whole_reference_assessment_in_five_queries(demo, django_assert_num_queries):
    with django_assert_num_queries(5):
        context = letter.gather_context(demo, draft=False)
    assert len(context["elements"]) == 10
    assert sum(len(e.strengths) for e in context["elements"]) > 70


def test_it_reads_a_small_assessment_in_as_many_queries(complete_draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        letter.gather_context(complete_draft, draft=True)


def test_it_only_reads(demo):
    with CaptureQueriesContext(connection) as queries:
        letter.render_html(letter.gather_context(demo, draft=False))
    assert queries.captured_queries
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_it_gives_the_letter_its_title_dates_and_people(demo):
    context = letter.gather_context(demo, draft=False)
    assert context["title"] == "IQM reassessment report — The Heath School — 14th–15th July 2010"
    assert context["letter_date"] == "3rd August 2010"
    assert context["visit_dates"] == "14th–15th July 2010"
    assert context["assessor_label"] == "Assessor"
    assert context["assessor_names"] == "Roger Yates"
    assert context["signatory"] == {
        "name": "Joe McCann MBA NPQH",
        "job_title": "Director of Inclusion Quality Mark Ltd",
    }
    assert context["outcome"] == "Yes"
    assert context["school"]["address_lines"] == ["Clifton Road", "Runcorn", "Cheshire", "WA7 4SY"]
    # The PDF's creation date is the confirmation, never the clock.
    assert context["created"] == "2010-08-03T09:00:00+00:00"


def test_a_draft_says_so_in_its_title_and_has_no_signatory(complete_draft):
    context = letter.gather_context(complete_draft, draft=True)
    assert context["title"].startswith("DRAFT — IQM assessment report — ")
    assert context["signatory"] is None
    html = letter.render_html(context)
    assert "Findings confirmed by Inclusion Quality Mark Ltd:" in html
    assert 'class="signature-line"' in html
    assert "MBA NPQH" not in html


def test_it_lists_the_lead_assessor_first_then_the_co_assessors(complete_draft):
    complete_draft.co_assessors.add(AssessorFactory(first_name="Ann", last_name="Able"))
    context = letter.gather_context(complete_draft, draft=True)
    assert context["assessor_label"] == "Assessors"
    assert context["assessor_names"] == "Roger Yates, Ann Able, Cora Assessor"
    assert "Final assessor/s:</th><td>Roger Yates, Ann Able, Cora Assessor</td>" in letter.render_html(
        context
    )


def test_it_prints_the_outcome_label(complete_draft):
    complete_draft.outcome = "deferred"
    complete_draft.save()
    assert "Successful:</th><td>Deferred</td>" in letter.render_html(
        letter.gather_context(complete_draft, draft=True)
    )


def test_it_lays_the_letter_out_in_the_reference_order(demo):
    text = normalise(html_text(letter.render_html(letter.gather_context(demo, draft=False))))
    assert_in_order(
        text,
        ["3rd August 2010", "Mrs Heather Mullaney", "Headteacher", "The Heath School", "Summary",
         "I am of the opinion", "Assessor: Roger Yates", "Findings confirmed by Inclusion Quality Mark Ltd:",
         "Joe McCann MBA NPQH", "Director of Inclusion Quality Mark Ltd", "Name of School:",
         "The Heath Specialist Technology College", "Headteacher:", "Heather Mullaney", "Date of assessment:",
         "14th–15th July 2010", "Final assessor/s:", "Successful:", "Yes",
         "Context of the School and Sources of Data", "Specific Issues Known", "Portfolio and Other Supporting Evidence",
         "Key Areas of Success", "Minor Areas for Development", "Element 1 - Learner Progress", "Strengths",
         "Areas for development", "Element 10 - The Community", "Summary", "Assessor: Roger Yates",
         "Date: 3rd August 2010"],
    )  # fmt: skip


def test_it_prints_the_elements_of_the_assessments_own_framework(db):
    from assessments.models import Framework

    current = Framework.objects.get(version="Eight elements")
    assessment = AssessmentFactory(framework=current)
    context = letter.gather_context(assessment, draft=True)
    assert [e.heading for e in context["elements"]][:2] == [
        "Element 1 - Inclusion Values of the School",
        "Element 2 - Leadership, Management and Accountability",
    ]
    assert len(context["elements"]) == current.elements.count()


def test_a_draft_shows_what_is_not_written_yet(db):
    assessment = AssessmentFactory(letter_date=None)
    html = letter.render_html(letter.gather_context(assessment, draft=True))
    assert "The letter date is not set yet." in html
    assert "The narrative is not written yet." in html
    assert "Awaiting confirmation by a director" in html


def test_it_keeps_list_items_in_their_order(complete_draft):
    Statement.objects.create(
        assessment=complete_draft, kind=StatementKind.KEY_SUCCESS, position=0, text="Comes first."
    )
    items = letter.gather_context(complete_draft, draft=True)["key_successes"]
    assert [item.text for item in items] == ["Comes first.", "Safeguarding."]


def test_it_prints_the_no_significant_areas_statement_only_for_marked_findings(complete_draft):
    finding = Finding.objects.filter(assessment=complete_draft).order_by("element__number").first()
    finding.statements.filter(kind=StatementKind.AREA).delete()
    finding.no_significant_areas = True
    finding.save()
    context = letter.gather_context(complete_draft, draft=True)
    assert [e.no_significant_areas for e in context["elements"]].count(True) == 1
    assert letter.render_html(context).count(letter.NO_SIGNIFICANT_AREAS) == 1


@pytest.mark.parametrize(
    ("text", "lead", "subitems"),
    [
        ("Plain text.", "Plain text.", ()),
        ("Two areas:-\n1. One.\n2. Two.", "Two areas:-", ("1. One.", "2. Two.")),
        ("Choose:\na) this\nb) that", "Choose:", ("a) this", "b) that")),
        ("1. Only a numbered line", "1. Only a numbered line", ()),
        ("First line\nsecond line", "First line\nsecond line", ()),
        ("Lead\n1. sub\nnot a sub", "Lead\n1. sub\nnot a sub", ()),
        ("Lead\n\n- one\n\n- two\n", "Lead", ("- one", "- two")),
        ("Para one.\n\nPara two.", "Para one.\n\nPara two.", ()),
    ],
)
def test_it_takes_a_list_typed_inside_an_item_out_as_a_sub_list(text, lead, subitems):
    item = letter.split_item(text)
    assert (item.text, item.subitems) == (lead, subitems)


def test_it_uses_the_assessment_last_change_as_the_date_of_a_draft(complete_draft):
    complete_draft.refresh_from_db()
    context = letter.gather_context(complete_draft, draft=True)
    assert datetime.datetime.fromisoformat(context["created"]) == complete_draft.updated_at.replace(
        microsecond=0
    )


def test_the_filename_names_the_school_and_month(demo, complete_draft):
    assert letter.filename(demo) == "IQM-report-The-Heath-School-2010-07.pdf"
    assert letter.filename(complete_draft, draft=True).endswith("-2026-11-DRAFT.pdf")


def test_the_issued_letter_names_the_director_as_soon_as_one_is_recorded(complete_draft, director):
    # The confirming service may render the letter before or after it sets the status.
    complete_draft.confirmed_by = director
    complete_draft.confirmed_at = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    complete_draft.save()
    issued = letter.gather_context(complete_draft, draft=False)
    assert issued["signatory"] == {
        "name": "Joe McCann MBA NPQH",
        "job_title": "Director of Inclusion Quality Mark Ltd",
    }
    assert issued["created"] == "2026-11-20T09:30:00+00:00"
    assert letter.gather_context(complete_draft, draft=True)["signatory"] is None


def test_a_confirmed_letter_rendered_as_a_draft_has_a_blank_signature(demo):
    assert letter.gather_context(demo, draft=True)["signatory"] is None
