"""An imported assessment's state and history come from the workflow's services:
services.assessment_import_record writes the "imported" row and the document's status, and a
confirmed document is confirmed by services.assessment_confirm, as the document says."""

import copy
import json

import pytest

from assessments import services
from assessments.demo import REFERENCE_PATH
from assessments.interchange import import_document
from assessments.models import Assessment, Event, Status
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(demo) -> dict:
    return json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def history(assessment) -> list[tuple]:
    return list(
        Event.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("action", "from_status", "to_status")
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_it_imports_a_document_in_its_state_with_one_imported_row(document, status):
    doc = copy.deepcopy(document)
    doc.update(status=status, confirmed_by=None, confirmed_at=None)
    assessment = import_document(doc)
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.status == status
    assert stored.version == 1  # as it stood when exported: the import is no edit
    assert history(stored) == [(Event.Action.IMPORTED, "", Status.DRAFT)]


def test_it_confirms_a_confirmed_document_through_the_confirmation(document):
    assessment = import_document(document)
    assert history(assessment) == [
        (Event.Action.IMPORTED, "", Status.DRAFT),
        (Event.Action.CONFIRMED, Status.SUBMITTED, Status.CONFIRMED),
    ]
    confirmed = Event.objects.get(assessment=assessment, action=Event.Action.CONFIRMED)
    assert confirmed.by.email == document["confirmed_by"]


def test_it_refuses_to_record_an_assessment_that_is_not_a_new_draft(school, lead, submitted, director):
    recorded = AssessmentFactory(school=school, lead_assessor=lead)
    services.assessment_import_record(assessment=recorded, status=Status.DRAFT, by=director)
    for assessment in (recorded, submitted):
        before = history(assessment)
        with pytest.raises(services.WorkflowError):
            services.assessment_import_record(assessment=assessment, status=Status.SUBMITTED, by=director)
        assert history(assessment) == before
        assert Assessment.objects.get(pk=assessment.pk).status == assessment.status


def test_it_refuses_a_status_that_does_not_exist(school, lead):
    fresh = AssessmentFactory(school=school, lead_assessor=lead)
    with pytest.raises(services.WorkflowError, match="no status 'nonsense'"):
        services.assessment_import_record(assessment=fresh, status="nonsense")
    assert history(fresh) == []
    assert Assessment.objects.get(pk=fresh.pk).status == Status.DRAFT
