"""Writes to a self-evaluation: the school's staff edit it while the visit is a draft and it
is not yet submitted; a stale version is refused, as in the assessor's editor."""

import datetime

from django.db import transaction
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone

from assessments.dates import plain_date_range, self_evaluation_due_before
from assessments.instances import Joined
from assessments.models import Assessment, Event, Status
from prepared import Prepared
from selfeval import access
from selfeval.models import MAX_TEXT, ElementEvaluation, SelfEvaluation


class SelfEvaluationError(Exception):
    """A write refused; the message says why, for the school."""


class StaleVersionError(SelfEvaluationError):
    """Someone saved the element since this copy was opened."""


def _require_staff_of(user, assessment) -> None:
    if not access.may_write(user, assessment):
        raise SelfEvaluationError("Only the school's staff can write its self-evaluation.")


def closed_reason(self_evaluation: SelfEvaluation) -> str:
    """Why the school can no longer change its self-evaluation ("" while it can)."""
    if self_evaluation.is_submitted:
        return "The self-evaluation is submitted; it can no longer be changed."
    if not access.takes_self_evaluation(self_evaluation.assessment):
        return "The visit's report is already submitted; the self-evaluation can no longer change."
    return ""


def _require_open(self_evaluation: SelfEvaluation) -> None:
    if reason := closed_reason(self_evaluation):
        raise SelfEvaluationError(reason)


@transaction.atomic
def self_evaluation_for(assessment, *, by) -> SelfEvaluation:
    """The visit's self-evaluation, with one row per element of its framework (made when the
    school first opens it)."""
    _require_staff_of(by, assessment)
    self_evaluation, _ = SelfEvaluation.objects.get_or_create(assessment=assessment)
    have = set(self_evaluation.elements.values_list("element_id", flat=True))
    missing = [e for e in assessment.framework.elements.order_by("number") if e.pk not in have]
    if missing and not self_evaluation.is_submitted and assessment.status == Status.DRAFT:
        ElementEvaluation.objects.bulk_create(
            ElementEvaluation(assessment=assessment, self_evaluation=self_evaluation, element=e)
            for e in missing
        )
    return self_evaluation


MAX_TITLE = 300


def _open_row(element_evaluation_id: int, by) -> ElementEvaluation:
    row = (
        ElementEvaluation.objects.select_for_update()
        .select_related("self_evaluation__assessment")
        .filter(pk=element_evaluation_id)
        .first()
    )
    if row is None:
        raise SelfEvaluationError("There is no such element in the self-evaluation.")
    _require_staff_of(by, row.self_evaluation.assessment)
    _require_open(row.self_evaluation)
    return row


@transaction.atomic
def save_element_text(*, element_evaluation_id: int, text: str, version: int, by) -> ElementEvaluation:
    """Save the school's text for one element if `version` is the one saved last; returns the
    row with its new version. Refused (and nothing saved): a stale version, text over the
    limit, a submitted self-evaluation, another school's visit."""
    row = _open_row(element_evaluation_id, by)
    if len(text) > MAX_TEXT:
        raise SelfEvaluationError(
            f"The evaluation may be at most {MAX_TEXT} characters; this one is {len(text)}."
        )
    if row.version != version:
        raise StaleVersionError(
            "Someone else saved this element since you opened it; reload to see their text, then make your change again."
        )
    ElementEvaluation.objects.filter(pk=row.pk).update(text=text, version=F("version") + 1)
    row.refresh_from_db()
    return row


@transaction.atomic
def submit(*, self_evaluation_id: int, by, notify: bool = True) -> SelfEvaluation:
    """Submit the self-evaluation: from now on it stays as it is. The history records it and
    the visit's assessors are emailed (unless `notify` is False: the demo's loader)."""
    self_evaluation = (
        SelfEvaluation.objects.select_for_update()
        .select_related("assessment")
        .filter(pk=self_evaluation_id)
        .first()
    )
    if self_evaluation is None:
        raise SelfEvaluationError("There is no such self-evaluation.")
    _require_staff_of(by, self_evaluation.assessment)
    _require_open(self_evaluation)
    self_evaluation.submitted_at = timezone.now()
    self_evaluation.submitted_by = by
    self_evaluation.version += 1
    self_evaluation.save(update_fields=["submitted_at", "submitted_by", "version"])
    assessment = self_evaluation.assessment
    Event.objects.create(
        assessment=assessment,
        action=Event.Action.SELF_EVALUATION_SUBMITTED,
        from_status=assessment.status,
        to_status=assessment.status,
        by=by,
        at=self_evaluation.submitted_at,
    )
    if notify:
        from selfeval import emails

        transaction.on_commit(lambda: emails.send_submitted(assessment.pk), robust=True)
    return self_evaluation


def _title(title: str) -> str:
    if len(title) > MAX_TITLE:
        raise SelfEvaluationError(f"A title may be at most {MAX_TITLE} characters; this one is {len(title)}.")
    return title


@transaction.atomic
def add_file(*, element_evaluation_id: int, name: str, data: bytes, title: str = "", by):
    """Store an evidence file for the element, through Django's storage under a random name,
    once its size and bytes pass selfeval.files; refused files are not stored at all."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.db.models import Sum

    from selfeval.files import EvidenceFileError, check_file
    from selfeval.models import Evidence, EvidenceKind

    row = _open_row(element_evaluation_id, by)
    so_far = Evidence.objects.filter(assessment_id=row.assessment_id).aggregate(n=Sum("size"))["n"] or 0
    try:
        checked = check_file(name, data, visit_bytes_so_far=so_far)
    except EvidenceFileError as error:
        raise SelfEvaluationError(str(error)) from error
    evidence = Evidence(
        assessment_id=row.assessment_id,
        element_evaluation=row,
        kind=EvidenceKind.FILE,
        original_name=name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=hashlib.sha256(data).hexdigest(),
        title=_title(title),
        uploaded_by=by,
    )
    evidence.file.save("evidence", ContentFile(data), save=False)
    name_stored = evidence.file.name
    try:  # a row the database refuses must not leave its file behind
        evidence.save()
    except Exception:
        evidence.file.storage.delete(name_stored)
        raise
    return evidence


@transaction.atomic
def add_link(*, element_evaluation_id: int, url: str, title: str = "", by):
    """Add an http(s) link as evidence for the element."""
    from selfeval.links import EvidenceLinkError, check_link
    from selfeval.models import Evidence, EvidenceKind

    row = _open_row(element_evaluation_id, by)
    try:
        url = check_link(url)
    except EvidenceLinkError as error:
        raise SelfEvaluationError(str(error)) from error
    return Evidence.objects.create(
        assessment_id=row.assessment_id,
        element_evaluation=row,
        kind=EvidenceKind.LINK,
        url=url,
        title=_title(title),
        uploaded_by=by,
    )


@transaction.atomic
def evidence_delete(*, evidence_id: int, by) -> None:
    """Remove one file or link while the self-evaluation is open; the file leaves the storage
    once the deletion is committed."""
    from selfeval.models import Evidence

    evidence = (
        Evidence.objects.select_for_update()
        .select_related("element_evaluation__self_evaluation__assessment")
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None:
        raise SelfEvaluationError("There is no such evidence.")
    self_evaluation = evidence.element_evaluation.self_evaluation
    _require_staff_of(by, self_evaluation.assessment)
    _require_open(self_evaluation)
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Who may do what, and what each page shows ---------------------------------------------------


def _open_visits(school_id: int, today: datetime.date):
    to_come = (
        Q(visit_start__isnull=True)
        | Q(visit_end__gte=today)
        | Q(visit_end__isnull=True, visit_start__gte=today)
    )
    still_open = Q(self_evaluation__isnull=True) | Q(self_evaluation__submitted_at__isnull=True)
    return (
        Assessment.objects.filter(school_id=school_id, status=Status.DRAFT, revision_of__isnull=True)
        .filter(to_come | still_open)
        .order_by("visit_start", "pk")
        # What the school's home shows of a visit.
        .values_list(
            "pk",
            "kind__name",
            "visit_start",
            "visit_end",
            "self_evaluation__id",
            "self_evaluation__submitted_at",
        )
    )


_OPEN_VISITS = Prepared(_open_visits)


def open_visits(school_id: int, *, today: datetime.date | None = None) -> list[dict]:
    """The school's visits that take a self-evaluation and concern it still, soonest first: those
    to come (or not yet dated), and past ones whose self-evaluation the school can still submit —
    not a past visit whose self-evaluation is submitted. Each visit as what its staff's home
    shows of it: its `pk`, its `kind` (the kind's name), `visit_start`, `visit_end` and its
    `dates` (in the pages' style, "14–15 July 2010"; "" for none), its
    self-evaluation's id (`self_evaluation_id`, None until first opened) and `submitted_at`
    (None until submitted), and the day it is due (`self_evaluation_due`). One query."""
    return [
        {
            "pk": pk,
            "kind": kind,
            "visit_start": start,
            "visit_end": end,
            "dates": plain_date_range(start, end),
            "self_evaluation_id": self_evaluation_id,
            "submitted_at": submitted_at,
            "self_evaluation_due": self_evaluation_due_before(start),
        }
        for pk, kind, start, end, self_evaluation_id, submitted_at in _OPEN_VISITS(
            school_id=school_id, today=today or timezone.localdate()
        )
    ]


def days_late(self_evaluation: SelfEvaluation | None, assessment) -> int:
    """How many days after its due day (assessments.dates.self_evaluation_due) the school
    submitted its self-evaluation; 0 when on time, not submitted, or the visit has no date."""
    from assessments.dates import self_evaluation_due

    if self_evaluation is None or self_evaluation.submitted_at is None:
        return 0
    due = self_evaluation_due(assessment)
    if due is None:
        return 0
    return max(0, (timezone.localdate(self_evaluation.submitted_at) - due).days)


def submitted_for(assessment) -> SelfEvaluation | None:
    """The visit's self-evaluation once the school has submitted it, with its elements and
    their evidence (three queries), for the assessors' pages; None before."""
    from django.db.models import Prefetch

    from selfeval.models import Evidence

    found = (
        SelfEvaluation.objects.filter(assessment=assessment, submitted_at__isnull=False)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "elements",
                queryset=ElementEvaluation.objects.select_related("element").prefetch_related(
                    Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
                ),
            )
        )
        .first()
    )
    return found


def submitted_element(assessment, element) -> ElementEvaluation | None:
    """The school's submitted evaluation of one element, with its self-evaluation and its
    evidence (two queries), for the assessor's element page; None until the school submits
    (one query). One row at most: one self-evaluation a visit, one evaluation of each element."""
    rows = _SUBMITTED_ELEMENT(assessment_id=assessment.pk, element_id=element.pk)
    if not rows:
        return None
    found = _SUBMITTED_ELEMENT_ROW.instance(rows[0])
    prefetch_related_objects([found], "evidence")
    return found


# submitted_element's row, compiled once (prepared.Prepared) and built back into the
# ElementEvaluation with its SelfEvaluation.
_SUBMITTED_ELEMENT_ROW = Joined(ElementEvaluation, "self_evaluation")
_SUBMITTED_ELEMENT = Prepared(
    lambda assessment_id, element_id: (
        ElementEvaluation.objects.filter(
            self_evaluation__assessment_id=assessment_id,
            self_evaluation__submitted_at__isnull=False,
            element_id=element_id,
        )
        .order_by()
        .values_list(*_SUBMITTED_ELEMENT_ROW.names)[:1]
    )
)
