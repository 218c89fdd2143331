"""Awards as the award rules' tests build them: a confirmed, successful visit of a kind, and a
visit scheduled through the service on the tests' day of the visit."""

import datetime

from assessments import services
from assessments.models import Assessment, Framework
from tests.factories import AssessmentFactory, DirectorFactory

VISIT = datetime.date(2026, 8, 14)


def award(school, kind, letter_date, years, **extra):
    """A confirmed, successful assessment of the kind, awarded on letter_date."""
    assessment = AssessmentFactory(school=school, kind=kind, letter_date=letter_date, **extra)
    Assessment.objects.filter(pk=assessment.pk).update(
        status="confirmed",
        outcome="yes",
        reassessment_years=years,
        confirmed_by=DirectorFactory(),
        confirmed_at=datetime.datetime(
            letter_date.year, letter_date.month, letter_date.day, tzinfo=datetime.UTC
        ),
    )
    return assessment


def schedule(school, kind, lead, director, **extra):
    """A visit of the kind to the school on VISIT, scheduled by the director."""
    return services.assessment_schedule(
        school=school,
        framework=Framework.objects.get(version="Eight elements"),
        kind=kind,
        visit_start=VISIT,
        visit_end=VISIT,
        lead_assessor=lead,
        by=director,
        **extra,
    )
