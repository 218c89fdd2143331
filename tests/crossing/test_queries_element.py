"""An element page runs a fixed number of queries, however long its lists."""

import pytest
from django.urls import reverse

from assessments.models import Statement, StatementKind
from tests.factories import fill_complete

pytestmark = pytest.mark.django_db


def _school_links(draft, headteacher, count: int) -> None:
    """The school's self-evaluation, its element 3 with `count` more links, then submitted."""
    from selfeval.models import SelfEvaluation
    from selfeval.services import add_link, self_evaluation_for

    SelfEvaluation.objects.filter(assessment=draft).update(submitted_at=None)
    row = self_evaluation_for(draft, by=headteacher).elements.get(element__number=3)
    for n in range(count):
        add_link(element_evaluation_id=row.pk, url=f"https://example.org/{n}", by=headteacher)
    SelfEvaluation.objects.filter(assessment=draft).update(submitted_at="2026-01-05T10:00Z")


def test_it_runs_the_same_queries_for_short_and_long_lists(
    client, lead, draft, headteacher, django_assert_max_num_queries
):
    fill_complete(draft)
    _school_links(draft, headteacher, 1)
    client.force_login(lead)
    url = reverse("assessment_element", args=[draft.pk, 3])
    client.get(url)  # the first request of a session does one-off sign-in checks
    # The session, the user, the assessment, the framework's elements, the findings, the
    # statements (their columns as tuples), and what was carried from the previous visit that
    # still lacks its progress (completeness); the school's evaluation of the element and its
    # evidence. The co-assessors only for a user who is not the lead (not here).
    with django_assert_max_num_queries(9) as short:
        assert "https://example.org/0" in client.get(url).content.decode()
    _school_links(draft, headteacher, 30)
    findings = list(draft.findings.all())
    Statement.objects.bulk_create(
        Statement(assessment=draft, finding=finding, kind=kind, position=position, text=f"Item {position}")
        for finding in findings
        for kind in (StatementKind.STRENGTH, StatementKind.AREA)
        for position in range(2, 40)
    )
    Statement.objects.bulk_create(
        Statement(assessment=draft, kind=StatementKind.KEY_SUCCESS, position=position, text="Key")
        for position in range(2, 40)
    )
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="statement-item"') == 2 * 39
    assert "https://example.org/29" in response.content.decode()


def test_the_overview_and_a_list_section_are_bounded_too(client, lead, draft, django_assert_max_num_queries):
    fill_complete(draft)
    client.force_login(lead)
    urls = [
        reverse("assessment_overview", args=[draft.pk]),
        reverse("assessment_section", args=[draft.pk, "key_successes"]),
        reverse("letter_preview_html", args=[draft.pk]),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    Statement.objects.bulk_create(
        Statement(assessment=draft, kind=StatementKind.KEY_SUCCESS, position=position, text="Key")
        for position in range(2, 40)
    )
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_a_co_assessor_reads_the_page_with_the_lead_s_queries_and_two_checks_of_the_team(
    client, lead, co_assessor, draft, django_assert_max_num_queries
):
    fill_complete(draft)
    url = reverse("assessment_element", args=[draft.pk, 3])
    counts = []
    for user in (lead, co_assessor):
        client.force_login(user)
        client.get(url)
        with django_assert_max_num_queries(11) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert 'id="finding-form"' in response.content.decode()  # both may edit it
        counts.append(len(captured.captured_queries))
    # The access check and the workspace each ask whether the co-assessor is one.
    assert counts[1] == counts[0] + 2
