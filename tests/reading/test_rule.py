"""The rule for which reports need a second reading, applied when a report is submitted; a
director's request; the confirmation guard and its override."""

import datetime

import pytest

from assessments.kinds import VisitKind
from assessments.models import Assessment, Event
from assessments.services import WorkflowError, assessment_confirm, assessment_submit
from reading import services
from reading.models import Draw, Reading, ReadingRule
from tests.factories import AssessmentFactory, fill_complete

pytestmark = pytest.mark.django_db


def _submit(lead, kind=VisitKind.ASSESSMENT, school=None):
    kwargs = {"school": school} if school else {}
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead, kind=kind, **kwargs))
    return assessment_submit(assessment=assessment, by=lead)


def test_it_reads_nothing_until_a_director_sets_the_rule(lead):
    assessment = _submit(lead)
    assert not Reading.objects.filter(assessment=assessment).exists()
    assert not Draw.objects.exists()
    assert ReadingRule.current().first_reports == 0


def test_it_reads_a_lead_assessors_first_reports(rule, lead):
    rule.percentage = 0
    rule.save()
    first = [_submit(lead) for _ in range(4)]
    reasons = [getattr(Reading.objects.filter(assessment=a).first(), "reason", None) for a in first]
    assert reasons == [Reading.Reason.FIRST_REPORTS] * 3 + [None]


def test_it_reads_every_report_of_the_kinds_the_rule_names(rule, lead):
    rule.first_reports = 0
    rule.save()
    assessment = _submit(lead, kind=VisitKind.COE_REVIEW)
    assert assessment.reading.reason == Reading.Reason.KIND


def test_the_draw_is_the_same_for_the_same_seed():
    outcomes = [services.drawn(seed, 30) for seed in range(200)]
    assert outcomes == [services.drawn(seed, 30) for seed in range(200)]
    assert 30 < sum(outcomes) < 90  # about three in ten
    assert not any(services.drawn(seed, 0) for seed in range(50))
    assert all(services.drawn(seed, 100) for seed in range(50))


def test_a_drawn_report_is_recorded_with_its_seed_and_can_be_drawn_again(rule, lead):
    rule.first_reports, rule.percentage = 0, 50
    rule.save()
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead))
    chosen = next(seed for seed in range(100) if services.drawn(seed, 50))
    assert services.reason_needed(assessment, seed=chosen) == Reading.Reason.DRAWN
    draw = Draw.objects.get(assessment=assessment)
    assert (draw.seed, draw.percentage, draw.selected) == (chosen, 50, True)
    assert services.drawn(draw.seed, draw.percentage) is True
    passed = next(seed for seed in range(100) if not services.drawn(seed, 50))
    assert services.reason_needed(assessment, seed=passed) is None
    assert Draw.objects.filter(assessment=assessment, selected=False, seed=passed).exists()


def test_each_submission_draws_with_a_seed_of_its_own(rule, lead):
    rule.first_reports, rule.percentage = 0, 50
    rule.save()
    for _ in range(3):
        _submit(lead)
    draws = list(Draw.objects.all())
    assert len(draws) == 3
    assert all(services.drawn(d.seed, 50) == d.selected for d in draws)
    assert [d.selected for d in draws] == [
        Reading.objects.filter(assessment=d.assessment).exists() for d in draws
    ]


def test_a_report_waiting_for_its_reading_cannot_be_confirmed(read, director):
    with pytest.raises(WorkflowError, match="second reading"):
        assessment_confirm(assessment=read.assessment, by=director, notify=False)
    read.assessment.refresh_from_db()
    assert read.assessment.status == "submitted"


def test_a_signed_off_report_can_be_confirmed(read, reader, director):
    services.reading_sign_off(reading=read, by=reader)
    confirmed = assessment_confirm(assessment=read.assessment, by=director, notify=False)
    assert confirmed.status == "confirmed"
    assert Event.objects.filter(
        assessment=read.assessment, action=Event.Action.READING_SIGNED_OFF, by=reader
    ).exists()


def test_a_director_overrides_the_reading_with_a_reason_that_is_recorded(read, director):
    with pytest.raises(services.ReadingError, match="reason is required"):
        services.reading_override(reading=read, by=director, reason="  ")
    services.reading_override(reading=read, by=director, reason="The reader is away; I read it myself.")
    read.refresh_from_db()
    assert read.status == Reading.Status.OVERRIDDEN
    assert read.override_reason == "The reader is away; I read it myself."
    event = Event.objects.get(assessment=read.assessment, action=Event.Action.READING_OVERRIDDEN)
    assert event.comment == read.override_reason
    assert assessment_confirm(assessment=read.assessment, by=director, notify=False).status == "confirmed"


def test_only_a_director_overrides(read, reader, lead):
    for person in (reader, lead):
        with pytest.raises(services.ReadingError):
            services.reading_override(reading=read, by=person, reason="Because.")


def test_a_director_asks_for_a_reading_of_any_report(lead, director):
    assessment = _submit(lead)
    reading = services.reading_ask(assessment=assessment, by=director)
    assert (reading.reason, reading.asked_by) == (Reading.Reason.ASKED, director)
    assert services.confirm_problem(assessment)
    with pytest.raises(services.ReadingError, match="already waiting"):
        services.reading_ask(assessment=assessment, by=director)
    assert Event.objects.filter(assessment=assessment, action=Event.Action.READING_ASKED).exists()


def test_the_reader_is_never_on_the_visit(read, lead, director):
    # A director who assessed the visit cannot read it either.
    read.assessment.co_assessors.add(director)
    for person in (lead, director):
        with pytest.raises(services.ReadingError):
            services.comment_add(reading=read, by=person, part="summary", text="Fine.")
        with pytest.raises(services.ReadingError):
            services.reading_sign_off(reading=read, by=person)


def test_a_resubmitted_report_keeps_its_reading(read, director, lead, reader):
    from assessments.services import assessment_return

    services.comment_add(reading=read, by=reader, part="summary", text="Say more.")
    assessment_return(assessment=read.assessment, by=director, comment="See the reader's comment.")
    assessment_submit(assessment=read.assessment, by=lead)
    assert Reading.objects.filter(assessment=read.assessment).count() == 1
    assert read.comments.count() == 1


def test_the_rule_is_for_directors_to_change(reader, director):
    with pytest.raises(services.ReadingError):
        services.rule_save(by=reader, first_reports=1, kinds=[], percentage=5)
    with pytest.raises(services.ReadingError, match="between 0 and 100"):
        services.rule_save(by=director, first_reports=1, kinds=[], percentage=101)
    rule = services.rule_save(by=director, first_reports=2, kinds=[], percentage=5)
    assert (rule.first_reports, rule.percentage, rule.updated_by) == (2, 5, director)


def test_a_report_enters_the_queue_when_it_is_submitted_and_the_readers_are_told(
    rule, lead, reader, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = _submit(lead)
    assert assessment.reading.created_at == assessment.submitted_at
    assert [reader.email] in [m.to for m in mailoutbox]


def test_the_rule_without_telling_the_readers_queues_it_silently(
    rule, lead, reader, django_capture_on_commit_callbacks, mailoutbox
):
    assessment = fill_complete(AssessmentFactory(lead_assessor=lead, status="submitted"))
    Assessment.objects.filter(pk=assessment.pk).update(
        submitted_at=datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
    )
    assessment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.on_submitted(assessment=assessment, by=lead, notify=False)
    assert assessment.reading.created_at == datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)
    assert mailoutbox == []
