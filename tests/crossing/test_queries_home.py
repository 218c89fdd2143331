"""The assessor's home runs a fixed number of queries, however many assessments and items."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Quotation, Section, Statement, StatementKind
from continuity.models import CarriedItem
from factcheck.models import CheckComment, FactualCheck
from tests.factories import AssessmentFactory, HeadteacherFactory, fill_complete

pytestmark = pytest.mark.django_db


def add_items(assessment, count: int) -> None:
    findings = list(assessment.findings.all())
    Statement.objects.bulk_create(
        Statement(
            assessment=assessment, finding=finding, kind=kind, position=position, text=f"Item {position}"
        )
        for finding in findings
        for kind in (StatementKind.STRENGTH, StatementKind.AREA)
        for position in range(2, count + 2)
    )


def add_comments(assessment, count: int) -> None:
    """A factual check of the assessment's draft with `count` comments of its school, unanswered."""
    head = HeadteacherFactory(school=assessment.school)
    check = FactualCheck.objects.create(
        assessment=assessment, sent_at=timezone.now(), sent_by=head, deadline=timezone.localdate()
    )
    CheckComment.objects.bulk_create(
        CheckComment(
            factual_check=check,
            target="section:context",
            text=f"Comment {n}",
            author=head,
            created_at=timezone.now(),
        )
        for n in range(count)
    )


def add_themed(school, lead, sections: int) -> None:
    """A themed draft with `sections` sections, each with two quotations."""
    themed = fill_complete(
        AssessmentFactory(school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED)
    )
    for position in range(1, sections + 1):
        section = Section.objects.create(
            assessment=themed, position=position, heading=f"Theme {position}", narrative="Said."
        )
        for place in (1, 2):
            Quotation.objects.create(assessment=themed, section=section, position=place, text="Quoted.")


def test_it_runs_the_same_queries_for_one_assessment_or_many(
    client, lead, co_assessor, school, django_assert_max_num_queries
):
    client.force_login(lead)
    fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    add_themed(school, lead, 1)
    # 16 at most (as many as before with no themed draft): the page and its count; of its drafts (what each still lacks) the framework's
    # elements, the findings, the list items, a themed report's sections and their quotations,
    # continuity's carried items, research steps and targets (one query); the school's comments
    # waiting for an answer — each one query for every assessment on the page.
    with django_assert_max_num_queries(16) as few:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
        assessment.co_assessors.add(co_assessor)
        add_items(assessment, 10)
        add_comments(assessment, 3)
    other = fill_complete(AssessmentFactory(school=school))
    other.co_assessors.add(lead)
    for _ in range(3):
        add_themed(school, lead, 4)
    for _ in range(2):
        review = fill_complete(
            AssessmentFactory(school=school, lead_assessor=lead, kind=VisitKind.FLAGSHIP_REVIEW)
        )
        CarriedItem.objects.create(
            assessment=review, source=CarriedItem.Source.AREA, position=1, text="Mentoring.", progress=""
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert html.count("10 of 10 elements complete") == 9
    assert html.count("Written in themed sections") == 4
    assert html.count("Area for development 1 from the previous visit: progress not recorded") == 2
    assert html.count("3 comments of the school on the draft letter wait") == 5


def test_it_shows_the_assessments_a_page_at_a_time(client, lead, school):
    from assessments.workspace import ASSESSOR_PAGE_SIZE

    client.force_login(lead)
    for _ in range(ASSESSOR_PAGE_SIZE + 1):
        AssessmentFactory(school=school, lead_assessor=lead)
    first = client.get(reverse("home")).content.decode()
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert first.count('class="card mb-3"') == ASSESSOR_PAGE_SIZE
    assert second.count('class="card mb-3"') == 1
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
