"""The school's comparison page, with visits against both frameworks, passes axe-core's WCAG
2.2 A and AA checks, and its table reads with its caption and headers. SQLite pass only."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Framework
from assessments.services import assessment_confirm, assessment_submit
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import AssessmentFactory, fill_complete
from tests.letter_pdf import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_comparison_page_is_accessible(page, live_server, director, school, monkeypatch):
    from playwright.sync_api import expect

    from reports import letter

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())
    for version, year in (("2010", 2010), ("Eight elements", 2026)):
        assessment = fill_complete(
            AssessmentFactory(
                school=school,
                framework=Framework.objects.get(version=version),
                visit_start=datetime.date(year, 6, 1),
                visit_end=datetime.date(year, 6, 2),
            )
        )
        assessment = assessment_submit(assessment=assessment, by=assessment.lead_assessor)
        assessment_confirm(assessment=assessment, by=director, notify=False)

    sign_in(page, live_server, director.username)
    page.goto(live_server.url + reverse("school_detail", args=[school.pk]))
    page.get_by_role("link", name="Compare the confirmed visits element by element").click()
    table = page.get_by_role("table", name=f"Findings of {school.name}'s confirmed visits")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader")).to_have_count(8)
    expect(table.get_by_role("columnheader")).to_have_count(3)
    found = axe_violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)
