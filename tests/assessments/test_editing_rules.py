"""The editing rules at their edges (found by mutation testing, docs/testing.md)."""

import pytest

from assessments import editing
from assessments.models import Statement, StatementKind
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(draft, lead):
    element = draft.framework.elements.get(number=6)
    return [
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text=text)
        for text in ("Alpha.", "Bravo.", "Charlie.")
    ]


def texts(draft) -> list[str]:
    return list(
        Statement.objects.filter(assessment=draft, kind=StatementKind.AREA)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_the_second_item_moved_up_becomes_the_first(draft, lead, items):
    editing.statement_move(assessment=draft, by=lead, item_id=items[1].pk, direction="up")
    assert texts(draft) == ["Bravo.", "Alpha.", "Charlie."]


@pytest.fixture
def _quick_pdf(monkeypatch):
    from reports import letter
    from tests.letter_pdf import tiny_pdf

    monkeypatch.setattr(letter, "html_to_pdf", lambda html, **kwargs: tiny_pdf())


def refusal(assessment, by) -> str:
    with pytest.raises(editing.ReadOnlyError) as caught:
        editing.statement_add(assessment=assessment, by=by, kind=StatementKind.KEY_SUCCESS, text="More.")
    return str(caught.value)


def test_a_submitted_assessments_assessors_are_told_it_waits_for_a_director(submitted, lead):
    assert refusal(submitted, lead) == (
        "This assessment has been submitted for confirmation, so it is read-only until a director "
        "returns it. Nothing was changed."
    )


@pytest.mark.usefixtures("_quick_pdf")
def test_a_confirmed_assessments_assessors_are_told_it_can_no_longer_change(confirmed, lead):
    assert refusal(confirmed, lead) == (
        "This assessment is confirmed and its report issued; it can no longer be changed. Nothing was changed."
    )


def test_anyone_else_reading_a_draft_is_told_it_cannot_be_changed_now(draft):
    assert editing.read_only_reason(draft) == "This assessment cannot be changed now."


def test_a_conflict_names_who_saved_the_newer_version(draft, lead, co_assessor):
    version = draft.version
    editing.assessment_section_save(
        assessment=draft, by=lead, section="summary", values={"summary": "Lead's summary."}, version=version
    )
    with pytest.raises(editing.VersionConflict) as caught:
        editing.assessment_section_save(
            assessment=draft, by=co_assessor, section="summary", values={"summary": "Mine."}, version=version
        )
    assert caught.value.changed_by == lead
    latest = type(draft).history.filter(id=draft.pk).order_by("-history_date", "-history_id").first()
    assert caught.value.changed_at == latest.history_date
    assert str(caught.value) == (
        f"Someone else saved a newer version by {lead} while you were editing. Nothing of yours was "
        "saved: compare the two texts, merge them, and save again."
    )


def test_a_conflict_with_no_one_recorded_names_no_one():
    conflict = editing.VersionConflict(
        fields=["summary"], yours={"summary": "a"}, theirs={"summary": "b"}, version=3
    )
    assert str(conflict) == (
        "Someone else saved a newer version while you were editing. Nothing of yours was saved: compare the "
        "two texts, merge them, and save again."
    )


def test_the_history_of_a_moved_item_names_who_moved_it(draft, lead, co_assessor, items):
    editing.statement_move(assessment=draft, by=co_assessor, item_id=items[2].pk, direction="up")
    for moved in (items[1], items[2]):
        latest = Statement.objects.get(pk=moved.pk).history.order_by("-history_date", "-history_id").first()
        assert latest.history_user == co_assessor


def test_an_item_of_another_assessment_cannot_be_reached_through_this_one(draft, lead, school):
    from tests.factories import AssessmentFactory

    other = AssessmentFactory(school=school, lead_assessor=lead)
    theirs = editing.statement_add(assessment=other, by=lead, kind=StatementKind.KEY_SUCCESS, text="Theirs.")
    with pytest.raises(editing.ItemGone) as caught:
        editing.statement_edit(
            assessment=draft, by=lead, item_id=theirs.pk, text="Changed.", version=theirs.version
        )
    assert str(caught.value) == "This item is no longer in the list: someone else deleted it."
    with pytest.raises(editing.ItemGone):
        editing.statement_delete(assessment=draft, by=lead, item_id=theirs.pk, version=theirs.version)
    assert Statement.objects.get(pk=theirs.pk).text == "Theirs."


def test_two_editors_who_type_the_same_text_both_keep_it(draft, lead, co_assessor):
    version = draft.version
    for who in (lead, co_assessor):
        saved = editing.assessment_section_save(
            assessment=draft,
            by=who,
            section="summary",
            values={"summary": "The same words."},
            version=version,
        )
    assert saved.summary == "The same words."
    draft.refresh_from_db()
    assert draft.summary == "The same words."


def test_only_the_assigned_assessors_may_edit_a_draft(
    draft, lead, co_assessor, other_assessor, director, headteacher
):
    from django.contrib.auth.models import AnonymousUser

    assert editing.can_edit(draft, lead) and editing.can_edit(draft, co_assessor)
    for who in (other_assessor, director, headteacher, AnonymousUser()):
        assert not editing.can_edit(draft, who)


def test_no_one_may_edit_a_submitted_assessment_without_a_correction_open(submitted, lead):
    assert not editing.can_edit(submitted, lead)


def test_a_list_holds_only_its_own_assessments_items_of_its_own_kind(draft, lead, school):
    from tests.factories import AssessmentFactory

    other = AssessmentFactory(school=school, lead_assessor=lead)
    ours = editing.statement_add(assessment=draft, by=lead, kind=StatementKind.KEY_SUCCESS, text="Ours.")
    editing.statement_add(assessment=draft, by=lead, kind=StatementKind.MINOR_AREA, text="Another list.")
    editing.statement_add(assessment=other, by=lead, kind=StatementKind.KEY_SUCCESS, text="Theirs.")
    assert list(editing.list_items(draft, StatementKind.KEY_SUCCESS, None)) == [ours]


def refused_add(draft, lead, kind, element) -> str:
    with pytest.raises(editing.EditRefused) as refused:
        editing.statement_add(assessment=draft, by=lead, kind=kind, element=element, text="More.")
    return str(refused.value)


def test_an_item_for_a_list_that_is_not_there_is_refused_with_why(draft, lead):
    from assessments.models import Framework

    element = draft.framework.elements.get(number=6)
    elsewhere = Framework.objects.exclude(pk=draft.framework_id).first().elements.first()
    assert refused_add(draft, lead, "nonsense", None) == "There is no such list."
    assert refused_add(draft, lead, StatementKind.KEY_SUCCESS, element) == (
        "That list belongs to the assessment, not to an element."
    )
    for wrong in (None, elsewhere):
        assert refused_add(draft, lead, StatementKind.STRENGTH, wrong) == (
            "That list belongs to an element of this assessment's framework."
        )
    assert not Statement.objects.filter(assessment=draft).exists()


def test_the_first_item_of_an_element_starts_its_own_finding_in_the_history_under_its_author(
    draft, lead, co_assessor
):
    from assessments.models import Finding

    element, other_element = draft.framework.elements.filter(number__in=(6, 5)).order_by("-number")
    Finding.objects.filter(assessment=draft).delete()
    Finding.objects.create(assessment=draft, element=other_element)
    elsewhere = AssessmentFactory(framework=draft.framework)
    Finding.objects.get_or_create(assessment=elsewhere, element=element)
    added = editing.statement_add(
        assessment=draft, by=co_assessor, kind=StatementKind.STRENGTH, element=element, text="A."
    )
    finding = Finding.objects.get(assessment=draft, element=element)
    assert added.finding_id == finding.pk
    assert finding.history.earliest("history_id").history_user == co_assessor
    again = editing.statement_add(
        assessment=draft, by=lead, kind=StatementKind.STRENGTH, element=element, text="B."
    )
    assert again.finding_id == finding.pk


def test_the_size_limit_counts_every_one_of_the_assessments_own_fields(draft):
    from assessments.models import Assessment

    Assessment.objects.filter(pk=draft.pk).update(summary="", recommendation="", context="", evidence="")
    before = editing.assessment_text_length(draft.pk)
    Assessment.objects.filter(pk=draft.pk).update(
        summary="A" * 1, recommendation="B" * 20, context="C" * 300, evidence="D" * 4000
    )
    assert editing.assessment_text_length(draft.pk) == before + 4321


def test_an_assessor_not_assigned_is_told_only_the_assigned_ones_can_change_it(draft, other_assessor):
    assert refusal(draft, other_assessor) == "Only the assessors assigned to this assessment can change it."


@pytest.mark.usefixtures("_quick_pdf")
def test_a_correction_moves_the_version_on_once_and_its_history_names_who_made_it(submitted, lead, director):
    from assessments.models import Assessment
    from factcheck import services as fc
    from tests.factories import HeadteacherFactory

    HeadteacherFactory(school=submitted.school, email="head@example.org")
    fc.check_send(assessment=submitted, by=director)
    submitted.refresh_from_db()
    before, last_record = submitted.version, Assessment.history.filter(id=submitted.pk).latest("history_id")
    editing.assessment_section_save(
        assessment=submitted,
        by=lead,
        section="context",
        values={"context": "The school has 952 pupils."},
        version=before,
    )
    # One step for the correction (lock_for_edit), one for the edit itself.
    assert Assessment.objects.get(pk=submitted.pk).version == before + 2
    records = Assessment.history.filter(id=submitted.pk, history_id__gt=last_record.history_id)
    assert [record.history_user for record in records] == [lead, lead]


def test_a_text_of_exactly_the_limit_is_allowed_and_one_more_is_refused_with_why():
    editing.check_text("x" * 10, limit=10)
    with pytest.raises(editing.EditRefused) as caught:
        editing.check_text("x" * 11, limit=10)
    assert str(caught.value) == "The text is 11 characters long; the most allowed is 10."


def test_an_assessment_over_the_size_limit_is_refused_with_why(draft, monkeypatch):
    from assessments import limits
    from assessments.models import Assessment

    Assessment.objects.filter(pk=draft.pk).update(
        summary="x" * 1200, recommendation="", context="", evidence=""
    )
    monkeypatch.setattr(limits, "MAX_TOTAL_LENGTH", 1000)
    with pytest.raises(editing.EditRefused) as caught:
        editing.refuse_if_too_big(draft.pk)
    assert str(caught.value) == (
        "With this change the assessment would hold 1,200 characters of text; the most one "
        "assessment may hold is 1,000. Nothing was saved: shorten this text or another one, then save again."
    )


def test_an_assessment_with_nothing_written_holds_no_text(school, lead):
    from assessments.models import Assessment

    assessment = AssessmentFactory(school=school, lead_assessor=lead)
    Assessment.objects.filter(pk=assessment.pk).update(summary="", recommendation="", context="", evidence="")
    assert editing.assessment_text_length(assessment.pk) == 0


def test_a_themed_reports_sections_and_quotations_count_towards_the_size_limit(school, lead):
    from assessments.kinds import ReportStructure
    from assessments.models import Assessment, Quotation, Section

    def themed():
        assessment = AssessmentFactory(
            school=school, lead_assessor=lead, report_structure=ReportStructure.THEMED
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            summary="", recommendation="", context="", evidence=""
        )
        return assessment

    other = themed()
    Section.objects.create(assessment=other, position=1, heading="Elsewhere", narrative="Not this one.")
    report = themed()
    assert editing.themed_text_length(report.pk) == editing.assessment_text_length(report.pk) == 0
    first = Section.objects.create(assessment=report, position=1, heading="Care", narrative="Kind staff.")
    Section.objects.create(assessment=report, position=2, heading="Learning", narrative="Good lessons.")
    Quotation.objects.create(
        assessment=report, section=first, position=1, text="We feel safe.", attribution="Pupil"
    )
    Quotation.objects.create(assessment=report, section=first, position=2, text="Always listened to.")
    written = (
        "Care",
        "Kind staff.",
        "Learning",
        "Good lessons.",
        "We feel safe.",
        "Pupil",
        "Always listened to.",
    )
    assert editing.themed_text_length(report.pk) == sum(map(len, written))
    assert editing.assessment_text_length(report.pk) == sum(map(len, written))


def test_a_registered_parts_text_counts_towards_the_size_limit(draft):
    from assessments import parts

    before = editing.assessment_text_length(draft.pk)
    parts.register(parts.Part(key="tally", text_length=lambda assessment_id: 7 * (assessment_id == draft.pk)))
    try:
        assert editing.assessment_text_length(draft.pk) == before + 7
    finally:
        parts.unregister("tally")
