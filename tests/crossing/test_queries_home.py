"""The assessor's home runs a fixed number of queries, however many assessments and items."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Statement, StatementKind
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


def test_it_runs_the_same_queries_for_one_assessment_or_many(
    client, lead, co_assessor, school, django_assert_max_num_queries
):
    client.force_login(lead)
    fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    # 16: with the carried items, research steps and targets (for what each draft still lacks: a
    # kind that records targets needs one), and the school's comments waiting for an answer —
    # each one query for every assessment on the page.
    with django_assert_max_num_queries(16) as few:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
        assessment.co_assessors.add(co_assessor)
        add_items(assessment, 10)
        add_comments(assessment, 3)
    other = fill_complete(AssessmentFactory(school=school))
    other.co_assessors.add(lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert response.content.decode().count("10 of 10 elements complete") == 7
    assert response.content.decode().count("3 comments of the school on the draft letter wait") == 5


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
