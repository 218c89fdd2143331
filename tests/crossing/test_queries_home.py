"""The assessor's home runs a fixed number of queries, however many assessments and items."""

import pytest
from django.urls import reverse

from assessments.models import Statement, StatementKind
from tests.factories import AssessmentFactory, fill_complete

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


def test_it_runs_the_same_queries_for_one_assessment_or_many(
    client, lead, co_assessor, school, django_assert_max_num_queries
):
    client.force_login(lead)
    fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
    # 14: with the carried items and research steps (for what each draft still lacks).
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead))
        assessment.co_assessors.add(co_assessor)
        add_items(assessment, 10)
    other = fill_complete(AssessmentFactory(school=school))
    other.co_assessors.add(lead)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert response.content.decode().count("10 of 10 elements complete") == 7


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
