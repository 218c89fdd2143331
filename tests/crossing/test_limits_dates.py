"""Dates in every form and the import lie between assessments.limits.EARLIEST_DATE and ten
years from today, with a message; a letter date of 31/12/9999 that once got in no longer
crashes the confirmation."""

import copy
import datetime
import json

import pytest
from django.urls import reverse

from assessments import limits, services
from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, validate_document
from assessments.models import Assessment, Framework, Status
from reports.models import IssuedReport

pytestmark = pytest.mark.django_db


def test_the_range_runs_from_2000_to_ten_years_ahead():
    today = datetime.date(2026, 2, 28)
    assert limits.latest_date(today) == datetime.date(2036, 2, 28)
    assert limits.latest_date(datetime.date(2028, 2, 29)) == datetime.date(2038, 2, 28)
    assert limits.date_problem(limits.EARLIEST_DATE) == ""
    assert limits.date_problem(limits.latest_date()) == ""
    assert "1 January 2000" in limits.date_problem(datetime.date(1999, 12, 31))
    assert "31 December 9999 is outside that range" in limits.date_problem(datetime.date(9999, 12, 31))


def test_the_editor_refuses_a_letter_date_of_31_12_9999(client, lead, draft):
    client.force_login(lead)
    response = client.post(
        reverse("assessment_section", args=[draft.pk, "details"]),
        {"version": draft.version, "visit_start": "", "visit_end": "", "letter_date": "31/12/9999"},
    )
    assert response.status_code == 200
    assert "31 December 9999 is outside that range" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).letter_date == draft.letter_date


def test_the_editor_refuses_a_visit_before_2000(client, lead, draft):
    client.force_login(lead)
    response = client.post(
        reverse("assessment_section", args=[draft.pk, "details"]),
        {"version": draft.version, "visit_start": "1999-06-01", "visit_end": "1999-06-02", "letter_date": ""},
    )
    page = response.content.decode()
    assert "1 June 1999 is outside that range" in page
    assert "2 June 1999 is outside that range" in page
    assert Assessment.objects.get(pk=draft.pk).visit_start == draft.visit_start


def test_the_schedule_form_refuses_a_far_date(client, director, school, lead):
    client.force_login(director)
    before = Assessment.objects.count()
    response = client.post(
        reverse("visit_schedule"),
        {
            "school": school.pk,
            "framework": Framework.objects.first().pk,
            "kind": "assessment",
            "visit_start": "9999-12-30",
            "visit_end": "9999-12-31",
            "lead_assessor": lead.pk,
        },
    )
    assert response.status_code == 200
    assert "is outside that range" in response.content.decode()
    assert Assessment.objects.count() == before


def test_the_model_refuses_it_too(draft):
    from django.core.exceptions import ValidationError

    draft.letter_date = datetime.date(9999, 12, 31)
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert "outside that range" in caught.value.message_dict["letter_date"][0]


def test_a_confirm_of_a_letter_dated_9999_is_refused_with_a_message(client, submitted, director):
    # A row written before the range was enforced (or behind the app's back).
    Assessment.objects.filter(pk=submitted.pk).update(letter_date=datetime.date(9999, 12, 31))
    with pytest.raises(services.WorkflowError, match="The letter date cannot be issued"):
        services.assessment_confirm(assessment=submitted, by=director)

    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version}, follow=True
    )
    assert response.status_code == 200
    assert "31 December 9999 is outside that range" in response.content.decode()
    assert Assessment.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    assert not IssuedReport.objects.exists()


def test_the_import_refuses_dates_out_of_range(demo):
    doc = copy.deepcopy(json.loads(REFERENCE_PATH.read_text(encoding="utf-8")))
    doc["letter_date"] = "9999-12-31"
    doc["visit_start"] = "1990-07-14"
    doc["confirmed_at"] = "2300-01-01T09:00:00+00:00"
    with pytest.raises(ImportProblems) as caught:
        validate_document(doc)
    problems = caught.value.problems
    assert any(p.startswith("letter_date: Give a date between 1 January 2000") for p in problems)
    assert any(p.startswith("visit_start: Give a date between") for p in problems)
    assert any(p.startswith("confirmed_at: Give a date between") for p in problems)
