"""The school writes its self-evaluation element by element until it submits it; a stale
version, another school's staff and edits after submission are refused (selfeval.services)."""

import pytest

from assessments.models import FrozenAssessmentError, Status
from schools.staff import school_user_invite
from selfeval.models import ElementEvaluation, Evidence
from selfeval.services import (
    SelfEvaluationError,
    StaleVersionError,
    add_file,
    add_link,
    save_element_text,
    self_evaluation_for,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_user(headteacher):
    return school_user_invite(
        school=headteacher.school,
        first_name="Ina",
        last_name="Lead",
        email="ina.lead@school.example",
        job_title="Inclusion lead",
        by=headteacher,
    )


def test_the_self_evaluation_has_a_row_per_element_of_the_visits_framework(draft, headteacher):
    self_evaluation = self_evaluation_for(draft, by=headteacher)
    numbers = list(self_evaluation.elements.values_list("element__number", flat=True))
    assert numbers == list(draft.framework.elements.order_by("number").values_list("number", flat=True))
    assert numbers
    assert self_evaluation_for(draft, by=headteacher).elements.count() == len(numbers)


def test_a_school_user_saves_text_as_typed_and_the_version_moves_on(draft, school_user):
    row = self_evaluation_for(draft, by=school_user).elements.first()
    text = "We <b>track</b> every pupil's progress & review it termly."
    saved = save_element_text(element_evaluation_id=row.pk, text=text, version=row.version, by=school_user)
    assert (saved.text, saved.version) == (text, row.version + 1)


def test_a_stale_version_is_refused_and_the_newer_text_kept(draft, headteacher, school_user):
    row = self_evaluation_for(draft, by=headteacher).elements.first()
    save_element_text(element_evaluation_id=row.pk, text="first", version=row.version, by=headteacher)
    with pytest.raises(StaleVersionError, match="Someone else saved this element"):
        save_element_text(element_evaluation_id=row.pk, text="second", version=row.version, by=school_user)
    assert ElementEvaluation.objects.get(pk=row.pk).text == "first"


def test_text_over_the_limit_is_refused_whole(draft, headteacher, settings):
    from selfeval.models import MAX_TEXT

    row = self_evaluation_for(draft, by=headteacher).elements.first()
    with pytest.raises(SelfEvaluationError, match=f"at most {MAX_TEXT} characters"):
        save_element_text(
            element_evaluation_id=row.pk, text="x" * (MAX_TEXT + 1), version=row.version, by=headteacher
        )
    assert ElementEvaluation.objects.get(pk=row.pk).text == ""


def test_another_schools_staff_and_assessors_are_refused(draft, headteacher, other_headteacher, lead):
    row = self_evaluation_for(draft, by=headteacher).elements.first()
    for who in (other_headteacher, lead):
        with pytest.raises(SelfEvaluationError, match="Only the school's staff"):
            save_element_text(element_evaluation_id=row.pk, text="not mine", version=row.version, by=who)
        with pytest.raises(SelfEvaluationError, match="Only the school's staff"):
            self_evaluation_for(draft, by=who)
    assert ElementEvaluation.objects.get(pk=row.pk).text == ""


def test_after_submission_edits_are_refused_with_a_message(draft, headteacher, school_user):
    self_evaluation = self_evaluation_for(draft, by=headteacher)
    row = self_evaluation.elements.first()
    submitted = submit(self_evaluation_id=self_evaluation.pk, by=school_user)
    assert submitted.is_submitted and submitted.submitted_by == school_user
    with pytest.raises(SelfEvaluationError, match="is submitted; it can no longer be changed"):
        save_element_text(element_evaluation_id=row.pk, text="late", version=row.version, by=headteacher)
    with pytest.raises(SelfEvaluationError, match="is submitted"):
        submit(self_evaluation_id=self_evaluation.pk, by=headteacher)
    assert ElementEvaluation.objects.get(pk=row.pk).text == ""


def test_once_the_visit_is_past_draft_the_school_cannot_edit(draft, headteacher):
    row = self_evaluation_for(draft, by=headteacher).elements.first()
    type(draft).objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    with pytest.raises(SelfEvaluationError, match="already submitted"):
        save_element_text(element_evaluation_id=row.pk, text="late", version=row.version, by=headteacher)


def test_a_confirmed_visits_self_evaluation_rows_are_frozen(draft, headteacher, director):
    from django.utils import timezone

    row = self_evaluation_for(draft, by=headteacher).elements.first()
    type(draft).objects.filter(pk=draft.pk).update(
        status=Status.CONFIRMED, confirmed_by=director, confirmed_at=timezone.now()
    )
    with pytest.raises(FrozenAssessmentError):
        ElementEvaluation.objects.filter(pk=row.pk).update(text="changed")
    with pytest.raises(FrozenAssessmentError):
        row.delete()


def _row(draft, by):
    return self_evaluation_for(draft, by=by).elements.first()


def test_a_checked_file_is_stored_under_a_random_name_with_its_detected_type(draft, school_user):
    import hashlib

    from tests.evidence_files import MINIMAL_PDF

    evidence = add_file(
        element_evaluation_id=_row(draft, school_user).pk,
        name="../../Our SEN policy.pdf",
        data=MINIMAL_PDF,
        title="SEN policy",
        by=school_user,
    )
    evidence.refresh_from_db()
    assert evidence.original_name == "Our SEN policy.pdf"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(MINIMAL_PDF))
    assert evidence.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert "policy" not in evidence.file.name and evidence.file.name.startswith(f"evidence/{draft.pk}/")
    with evidence.file.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF


def test_a_refused_file_stores_nothing(draft, headteacher, settings):
    from pathlib import Path

    from tests.evidence_files import ELF, HTML, MINIMAL_PDF

    row = _row(draft, headteacher)
    for name, data in (("tool.pdf", ELF), ("page.pdf", HTML), ("photo.png", MINIMAL_PDF)):
        with pytest.raises(SelfEvaluationError):
            add_file(element_evaluation_id=row.pk, name=name, data=data, by=headteacher)
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF) * 2 - 1
    add_file(element_evaluation_id=row.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    with pytest.raises(SelfEvaluationError, match="The visit's evidence may be at most"):
        add_file(element_evaluation_id=row.pk, name="b.pdf", data=MINIMAL_PDF, by=headteacher)
    assert Evidence.objects.count() == 1
    assert len([p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]) == 1


def test_links_must_be_http_and_another_schools_staff_cannot_add_evidence(
    draft, headteacher, other_headteacher
):
    row = _row(draft, headteacher)
    link = add_link(
        element_evaluation_id=row.pk, url="https://example.org/plan", title="Plan", by=headteacher
    )
    assert link.url == "https://example.org/plan"
    with pytest.raises(SelfEvaluationError, match="http:// or https://"):
        add_link(element_evaluation_id=row.pk, url="javascript:alert(1)", by=headteacher)
    with pytest.raises(SelfEvaluationError, match="Only the school's staff"):
        add_link(element_evaluation_id=row.pk, url="https://example.org/x", by=other_headteacher)
    assert list(Evidence.objects.values_list("url", flat=True)) == ["https://example.org/plan"]


def test_no_evidence_is_added_once_submitted(draft, headteacher):
    self_evaluation = self_evaluation_for(draft, by=headteacher)
    submit(self_evaluation_id=self_evaluation.pk, by=headteacher)
    with pytest.raises(SelfEvaluationError, match="is submitted"):
        add_link(
            element_evaluation_id=self_evaluation.elements.first().pk,
            url="https://example.org",
            by=headteacher,
        )
    assert not Evidence.objects.exists()
