"""Fixtures of the second reading: a quality-assurance reader, the rule, and a submitted report in
the readers' queue."""

import pytest

from accounts.models import Role
from assessments.kinds import VisitKind
from assessments.services import assessment_submit
from reading.models import Reading, ReadingRule
from tests.factories import AssessmentFactory, UserFactory, fill_complete


@pytest.fixture
def reader(db):
    return UserFactory(role=Role.QA_READER, first_name="Quinn", last_name="Reader")


@pytest.fixture
def rule(db):
    """The issue's example: every lead assessor's first three reports, every Centre of Excellence
    and Flagship visit, and a tenth of the rest."""
    found = ReadingRule.current()
    found.first_reports, found.percentage = 3, 10
    found.save()
    found.kinds.set(
        VisitKind.objects.filter(
            code__in=[
                VisitKind.COE_ASSESSMENT,
                VisitKind.COE_REVIEW,
                VisitKind.FLAGSHIP_ASSESSMENT,
                VisitKind.FLAGSHIP_REVIEW,
            ]
        )
    )
    return found


@pytest.fixture
def read(rule, school, lead, co_assessor) -> Reading:
    """A submitted report of a new lead assessor: in the queue as one of their first reports."""
    assessment = AssessmentFactory(school=school, lead_assessor=lead)
    assessment.co_assessors.add(co_assessor)
    assessment = assessment_submit(assessment=fill_complete(assessment), by=lead)
    return Reading.objects.get(assessment=assessment)
