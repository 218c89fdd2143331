"""The self-evaluation's services, at their edges (found by mutation testing, docs/testing.md):
the exact words of each refusal, the title's limit, which visits the school's home lists, a visit
without dates, and what the assessors read once the school has submitted (and in how many
queries)."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Status
from selfeval.models import ElementEvaluation, Evidence, SelfEvaluation
from selfeval.services import (
    MAX_TITLE,
    SelfEvaluationError,
    add_link,
    days_late,
    open_visits,
    save_element_text,
    self_evaluation_for,
    submit,
    submitted_element,
    submitted_for,
)
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def refusal(call, **kwargs) -> str:
    with pytest.raises(SelfEvaluationError) as caught:
        call(**kwargs)
    return str(caught.value)


def test_each_refusal_tells_the_school_exactly_why(draft, headteacher, other_headteacher):
    row = self_evaluation_for(draft, by=headteacher).elements.first()
    write = {"element_evaluation_id": row.pk, "text": "ours", "version": row.version}
    assert refusal(save_element_text, **write, by=other_headteacher) == (
        "Only the school's staff can write its self-evaluation."
    )
    assert refusal(save_element_text, **(write | {"element_evaluation_id": 0}), by=headteacher) == (
        "There is no such element in the self-evaluation."
    )
    type(draft).objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    assert refusal(save_element_text, **write, by=headteacher) == (
        "The visit's report is already submitted; the self-evaluation can no longer change."
    )
    type(draft).objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    submit(self_evaluation_id=row.self_evaluation_id, by=headteacher)
    assert refusal(save_element_text, **write, by=headteacher) == (
        "The self-evaluation is submitted; it can no longer be changed."
    )


def test_a_title_may_be_exactly_the_limit_and_no_longer(draft, headteacher):
    row = self_evaluation_for(draft, by=headteacher).elements.first()
    link = add_link(
        element_evaluation_id=row.pk, url="https://example.org/a", title="t" * MAX_TITLE, by=headteacher
    )
    assert link.title == "t" * MAX_TITLE
    assert refusal(
        add_link,
        element_evaluation_id=row.pk,
        url="https://example.org/b",
        title="t" * (MAX_TITLE + 1),
        by=headteacher,
    ) == (f"A title may be at most {MAX_TITLE} characters; this one is {MAX_TITLE + 1}.")
    assert Evidence.objects.count() == 1


def test_the_home_lists_visits_to_come_even_with_their_self_evaluation_submitted(school, headteacher):
    undated = AssessmentFactory(school=school, visit_start=None, visit_end=None)
    start_only = AssessmentFactory(school=school, visit_start=days(10), visit_end=None)
    past_start_only = AssessmentFactory(school=school, visit_start=days(-10), visit_end=None)
    for visit in (undated, start_only, past_start_only):
        SelfEvaluation.objects.create(assessment=visit, submitted_at=timezone.now(), submitted_by=headteacher)
    assert {visit["pk"] for visit in open_visits(school.pk)} == {undated.pk, start_only.pk}


def test_the_home_lists_only_the_schools_own_draft_visits_soonest_first(school, other_school):
    later = AssessmentFactory(school=school, visit_start=days(40), visit_end=days(40))
    sooner = AssessmentFactory(school=school, visit_start=days(20), visit_end=days(21))
    AssessmentFactory(school=other_school, visit_start=days(30), visit_end=days(30))
    AssessmentFactory(school=school, status=Status.SUBMITTED, visit_start=days(25), visit_end=days(25))
    AssessmentFactory(school=school, revision_of=later, revision=2, visit_start=days(5), visit_end=days(5))
    assert [visit["pk"] for visit in open_visits(school.pk)] == [sooner.pk, later.pk]


def test_each_listed_visit_carries_its_self_evaluation_or_none_in_one_query(
    school, headteacher, django_assert_num_queries
):
    opened = AssessmentFactory(school=school, visit_start=days(10), visit_end=days(10))
    not_opened = AssessmentFactory(school=school, visit_start=days(20), visit_end=days(20))
    self_evaluation = SelfEvaluation.objects.create(assessment=opened)
    kinds = [opened.kind.name, not_opened.kind.name]
    with django_assert_num_queries(1):
        visits = {visit["pk"]: visit for visit in open_visits(school.pk)}
    assert visits[opened.pk]["self_evaluation_id"] == self_evaluation.pk
    assert visits[not_opened.pk]["self_evaluation_id"] is None
    assert [visits[pk]["kind"] for pk in (opened.pk, not_opened.pk)] == kinds


def test_a_listed_visit_is_every_field_the_docstring_names(school, headteacher):
    from assessments.dates import plain_date_range, self_evaluation_due_before

    start, end = days(30), days(31)
    visit = AssessmentFactory(school=school, visit_start=start, visit_end=end)
    submitted_at = timezone.now()
    self_evaluation = SelfEvaluation.objects.create(
        assessment=visit, submitted_at=submitted_at, submitted_by=headteacher
    )
    assert open_visits(school.pk) == [
        {
            "pk": visit.pk,
            "kind": visit.kind.name,
            "visit_start": start,
            "visit_end": end,
            "dates": plain_date_range(start, end),
            "self_evaluation_id": self_evaluation.pk,
            "submitted_at": submitted_at,
            "self_evaluation_due": self_evaluation_due_before(start),
        }
    ]
    assert plain_date_range(start, end) and self_evaluation_due_before(start) < start


def test_a_visit_without_dates_is_never_late(school, headteacher):
    undated = AssessmentFactory(school=school, visit_start=None, visit_end=None)
    self_evaluation = SelfEvaluation.objects.create(
        assessment=undated, submitted_at=timezone.now(), submitted_by=headteacher
    )
    assert days_late(self_evaluation, undated) == 0


def submitted_with_links(assessment, headteacher, urls):
    self_evaluation = self_evaluation_for(assessment, by=headteacher)
    row = self_evaluation.elements.get(element__number=1)
    links = [add_link(element_evaluation_id=row.pk, url=url, by=headteacher) for url in urls]
    submit(self_evaluation_id=self_evaluation.pk, by=headteacher, notify=False)
    return self_evaluation, row, links


def test_the_assessors_read_this_visits_submission_its_evidence_in_upload_order(
    draft, school, headteacher, django_assert_num_queries
):
    other_visit = AssessmentFactory(school=school, visit_start=days(60), visit_end=days(60))
    submitted_with_links(other_visit, headteacher, ["https://example.org/other"])
    self_evaluation, _, (first, second) = submitted_with_links(
        draft, headteacher, ["https://example.org/first", "https://example.org/second"]
    )
    # The first link was uploaded last: the order is the upload's, not the rows'.
    Evidence.objects.filter(pk=first.pk).update(
        uploaded_at=second.uploaded_at + datetime.timedelta(minutes=1)
    )
    with django_assert_num_queries(3):
        found = submitted_for(draft)
        assert found.pk == self_evaluation.pk and found.submitted_by == headteacher
        evidence = {
            element.element.number: [e.url for e in element.evidence.all()]
            for element in found.elements.all()
        }
        assert evidence[1] == [second.url, first.url]
        assert evidence[2] == []


def test_the_element_page_reads_this_visits_submission_in_two_queries(
    draft, school, headteacher, django_assert_num_queries
):
    other_visit = AssessmentFactory(school=school, visit_start=days(60), visit_end=days(60))
    submitted_with_links(other_visit, headteacher, ["https://example.org/other"])
    _, row, _ = submitted_with_links(draft, headteacher, ["https://example.org/ours"])
    element = row.element
    with django_assert_num_queries(2):
        found = submitted_element(draft, element)
        assert found.pk == row.pk
        assert [e.url for e in found.evidence.all()] == ["https://example.org/ours"]
    assert ElementEvaluation.objects.filter(element=element).count() == 2
