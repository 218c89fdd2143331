"""The assessment workflow: one function per transition.

draft → submitted → (returned → submitted …) → confirmed

Each transition re-reads the assessment with select_for_update() inside one transaction,
refuses the wrong starting state or the wrong person, changes the status, writes an Event
row, and sends its email once the transaction has committed.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Event, Status


class WorkflowError(Exception):
    """A transition that is not allowed now, or not by this person; the message says why."""


class IncompleteAssessmentError(WorkflowError):
    """Submission refused because parts are missing; `missing` lists them (completeness.MissingPart)."""

    def __init__(self, missing: list):
        self.missing = missing
        super().__init__("The assessment is not complete: " + "; ".join(part.label for part in missing) + ".")


def _locked(assessment: Assessment) -> Assessment:
    # Lock the row so two people cannot move the same assessment at once.
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _record(
    assessment: Assessment, *, action: str, from_status: str, by, comment: str = "", at=None
) -> Event:
    return Event.objects.create(
        assessment=assessment,
        action=action,
        from_status=from_status,
        to_status=assessment.status,
        by=by,
        at=at or timezone.now(),
        comment=comment,
    )


def _set_status(assessment: Assessment, **fields) -> None:
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.version += 1
    assessment.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by) -> Assessment:
    """Submit a complete draft or returned assessment for confirmation; returns it, updated.

    Raises WorkflowError if the user is not assigned or the state is wrong, and its subclass
    IncompleteAssessmentError if parts are missing (its `missing` lists them, its message too).
    """
    from assessments.completeness import missing_parts

    assessment = _locked(assessment)
    if not assessment.is_assigned(by):
        raise WorkflowError("Only the assessors assigned to this assessment can submit it.")
    if assessment.status not in (Status.DRAFT, Status.RETURNED):
        raise WorkflowError(
            f"An assessment that is {assessment.get_status_display().lower()} cannot be submitted."
        )
    missing = missing_parts(assessment)
    if missing:
        raise IncompleteAssessmentError(missing)
    previous = assessment.status
    _set_status(assessment, status=Status.SUBMITTED, submitted_at=timezone.now())
    _record(assessment, action=Event.Action.SUBMITTED, from_status=previous, by=by)
    transaction.on_commit(lambda: _notify("submitted", assessment.pk))
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, comment: str) -> Assessment:
    """Return a submitted assessment to its assessors with a comment they will see."""
    assessment = _locked(assessment)
    if not by.is_director:
        raise WorkflowError("Only a director can return an assessment.")
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError("Only a submitted assessment can be returned.")
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Say what the assessor should change: the comment is required.")
    _set_status(assessment, status=Status.RETURNED, return_comment=comment)
    _record(assessment, action=Event.Action.RETURNED, from_status=Status.SUBMITTED, by=by, comment=comment)
    transaction.on_commit(lambda: _notify("returned", assessment.pk))
    return assessment


@transaction.atomic
def assessment_confirm(
    *, assessment: Assessment, by, at: datetime.datetime | None = None, notify: bool = True
) -> Assessment:
    """Confirm a submitted assessment: record who and when, freeze it and issue the report.

    `at` lets an import keep the original confirmation time (it defaults to now), and an
    import of a historical report passes notify=False so no headteacher is emailed about it.
    """
    assessment = _locked(assessment)
    if not by.is_director:
        raise WorkflowError("Only a director can confirm an assessment.")
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError("Only a submitted assessment can be confirmed.")
    at = at or timezone.now()
    _set_status(assessment, status=Status.CONFIRMED, confirmed_by=by, confirmed_at=at, return_comment="")
    _record(assessment, action=Event.Action.CONFIRMED, from_status=Status.SUBMITTED, by=by, at=at)
    if notify:
        transaction.on_commit(lambda: _notify("issued", assessment.pk))
    return assessment


def _notify(event: str, assessment_id: int) -> None:
    """Send the email for a workflow event (see assessments.emails)."""
    from assessments import emails

    emails.send_for_event(event, assessment_id)
