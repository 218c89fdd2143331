"""The cap on a self-evaluation's evidence is the visit's: files for different elements add up
towards it, and another visit's files do not count (selfeval.services.add_file)."""

from pathlib import Path

import pytest

from selfeval.models import Evidence
from selfeval.services import SelfEvaluationError, add_file, self_evaluation_for
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_files_for_two_elements_together_may_not_pass_the_visits_cap(draft, headteacher, settings):
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF) * 2 - 1
    first, second = self_evaluation_for(draft, by=headteacher).elements.all()[:2]
    add_file(element_evaluation_id=first.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    with pytest.raises(SelfEvaluationError, match="The visit's evidence may be at most"):
        add_file(element_evaluation_id=second.pk, name="b.pdf", data=MINIMAL_PDF, by=headteacher)
    assert list(Evidence.objects.values_list("element_evaluation", flat=True)) == [first.pk]
    assert len([p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]) == 1


def test_files_for_two_elements_up_to_the_visits_cap_are_accepted(draft, headteacher, settings):
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF) * 2
    first, second = self_evaluation_for(draft, by=headteacher).elements.all()[:2]
    add_file(element_evaluation_id=first.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    add_file(element_evaluation_id=second.pk, name="b.pdf", data=MINIMAL_PDF, by=headteacher)
    assert Evidence.objects.count() == 2


def test_another_visits_files_do_not_count_towards_the_cap(draft, headteacher, lead, settings):
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF) * 2 - 1
    other_visit = AssessmentFactory(school=draft.school, lead_assessor=lead)
    here = self_evaluation_for(draft, by=headteacher).elements.first()
    there = self_evaluation_for(other_visit, by=headteacher).elements.first()
    add_file(element_evaluation_id=there.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    add_file(element_evaluation_id=here.pk, name="b.pdf", data=MINIMAL_PDF, by=headteacher)
    assert Evidence.objects.count() == 2
