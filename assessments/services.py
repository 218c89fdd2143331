"""The assessment workflow: one function per transition.

schedule → draft → submitted → (returned → submitted …) → confirmed (→ reopened as a new revision)

Each transition re-reads the assessment with select_for_update() inside one transaction,
refuses the wrong starting state or the wrong person, changes the status, writes an Event
row, and sends its email once the transaction has committed. A refusal raises WorkflowError
with a message fit to show the user, and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from assessments import award_rules, awards, limits, parts
from assessments.kinds import VisitKind, kind_for
from assessments.models import (
    OPEN_STATUSES,
    Assessment,
    Event,
    Finding,
    Framework,
    Outcome,
    Statement,
    Status,
    school_snapshot,
)


class WorkflowError(Exception):
    """A transition that is not allowed now, or not by this person; the message says why."""


class AwardRuleError(WorkflowError):
    """A visit the kind's award rules forbid; `problems` says which, for the director."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems) + " To go ahead all the same, give a reason for the override.")


class IncompleteAssessmentError(WorkflowError):
    """Submission refused because parts are missing; `missing` lists them (completeness.MissingPart)."""

    def __init__(self, missing: list):
        self.missing = missing
        super().__init__("The assessment is not complete: " + "; ".join(part.label for part in missing) + ".")


def _locked(assessment: Assessment) -> Assessment:
    # Lock the row so two people cannot move the same assessment at once.
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _check_seen(assessment: Assessment, seen_version: int | None) -> None:
    if seen_version is not None and seen_version != assessment.version:
        raise WorkflowError(
            "The assessment has changed since you opened it. Read it again before you decide."
        )


def _is_director(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_director)


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


def _notify(event: str, assessment_id: int, *, user_ids: list[int] | None = None) -> None:
    """Send the event's email once the transaction has committed (see assessments.emails). A mail
    server that fails is logged, and does not undo or hide the change that was made."""
    from assessments import emails

    transaction.on_commit(lambda: emails.send_for_event(event, assessment_id, user_ids=user_ids), robust=True)


# Scheduling and assigning -------------------------------------------------------------------


def _check_team(lead_assessor, co_assessors) -> list:
    """The co-assessors as a list, once the team is known to be made of active assessors."""
    co_assessors = list(co_assessors)
    for person in [lead_assessor, *co_assessors]:
        if person.role != Role.ASSESSOR or not person.is_active:
            raise WorkflowError(f"{person} is not an active assessor.")
    if any(person.pk == lead_assessor.pk for person in co_assessors):
        raise WorkflowError("The lead assessor cannot also be a co-assessor.")
    return co_assessors


def _team_comment(lead_assessor, co_assessors) -> str:
    names = ", ".join(str(person) for person in co_assessors) or "none"
    return f"Lead assessor: {lead_assessor}. Co-assessors: {names}."


def open_visit_problems(school) -> list[str]:
    """Why the school may not have another visit now: the visit it has open (a draft, a returned
    or a submitted report; a correction of a confirmed one is no visit), named; [] when it has
    none. Two open visits of one school mean two self-evaluations and two draft letters at once,
    which is almost always a mistake, so the director must give a reason."""
    from assessments.dates import plain_date_range

    open_visit = (
        Assessment.objects.filter(school=school, status__in=OPEN_STATUSES, revision_of__isnull=True)
        .select_related("kind")
        .only("pk", "status", "visit_start", "visit_end", "kind__name")
        .order_by("visit_start", "pk")
        .first()
    )
    if open_visit is None:
        return []
    dates = plain_date_range(open_visit.visit_start, open_visit.visit_end)
    when = f" of {dates}" if dates else " (not yet dated)"
    state = {
        Status.DRAFT: "still a draft",
        Status.RETURNED: "returned to its assessor",
        Status.SUBMITTED: "submitted for confirmation",
    }[open_visit.status]
    return [
        f"{school.letter_name} already has an open visit: the {open_visit.kind.name}{when}, whose "
        f"report is {state}. A school has one open visit at a time."
    ]


def latest_confirmed(school) -> Assessment | None:
    """The school's latest confirmed assessment that no confirmed revision replaces."""
    return (
        Assessment.objects.filter(school=school, status=Status.CONFIRMED)
        .exclude(revisions__status=Status.CONFIRMED)
        .order_by("-visit_start", "-pk")
        .first()
    )


@transaction.atomic
def assessment_schedule(
    *,
    school,
    framework: Framework,
    kind: VisitKind | str,
    visit_start: datetime.date | None,
    visit_end: datetime.date | None,
    lead_assessor,
    co_assessors=(),
    remote: bool = False,
    override_reason: str = "",
    report_structure: str = "",
    by,
) -> Assessment:
    """Schedule a visit: a new draft assessment of the school against the framework, with its
    assessors, who are emailed, and the kind's review interval. Returns the assessment.
    Directors only. What the school's previous confirmed visit asked for (its targets, areas
    for development, research project) is carried in by the parts registered for it (assessments.parts: continuity.services.carry_forward).

    A visit the kind's award rules forbid (assessments.award_rules), or one for a school that
    already has a visit open (open_visit_problems), raises AwardRuleError, unless `override_reason` says why it goes ahead all the same: the history records the rule
    and the reason."""
    if not _is_director(by):
        raise WorkflowError("Only a director can schedule a visit.")
    if isinstance(kind, str):
        try:
            kind = kind_for(kind)
        except VisitKind.DoesNotExist as error:
            raise WorkflowError(f"There is no kind of visit {kind!r}.") from error
    co_assessors = _check_team(lead_assessor, co_assessors)
    problems = [
        *open_visit_problems(school),
        *award_rules.schedule_problems(school=school, kind=kind, on=visit_start or timezone.localdate()),
    ]
    override_reason = override_reason.strip()
    if problems and not override_reason:
        raise AwardRuleError(problems)
    assessment = Assessment(
        school=school,
        framework=framework,
        kind=kind,
        status=Status.DRAFT,
        visit_start=visit_start,
        visit_end=visit_end,
        remote=remote,
        report_structure=report_structure or kind.report_structure,
        reassessment_years=kind.default_interval_years,
        lead_assessor=lead_assessor,
        previous_assessment=latest_confirmed(school),
    )
    assessment.full_clean()
    assessment.save()
    assessment.co_assessors.set(co_assessors)
    for on_scheduled in parts.with_hook("on_scheduled"):  # continuity carries findings in
        on_scheduled(assessment=assessment)
    _record(assessment, action=Event.Action.CREATED, from_status="", by=by)
    if problems:
        _record(
            assessment,
            action=Event.Action.OVERRIDDEN,
            from_status=Status.DRAFT,
            by=by,
            comment=f"{' '.join(problems)} Reason for going ahead: {override_reason}",
        )
    _record(
        assessment,
        action=Event.Action.ASSIGNED,
        from_status=Status.DRAFT,
        by=by,
        comment=_team_comment(lead_assessor, co_assessors),
    )
    _notify("assigned", assessment.pk, user_ids=[lead_assessor.pk, *(p.pk for p in co_assessors)])
    return assessment


@transaction.atomic
def assessment_assign(*, assessment: Assessment, lead_assessor, co_assessors=(), by) -> Assessment:
    """Set the lead assessor and co-assessors of an assessment that is not yet confirmed; the
    people newly assigned are emailed. Returns the assessment, updated. Directors only."""
    assessment = _locked(assessment)
    if not _is_director(by):
        raise WorkflowError("Only a director can assign assessors.")
    if assessment.status == Status.CONFIRMED:
        raise WorkflowError(
            "A confirmed assessment's assessors are part of its issued letter; "
            "reopen it as a new revision to change them."
        )
    co_assessors = _check_team(lead_assessor, co_assessors)
    before_co = set(assessment.co_assessors.values_list("pk", flat=True))
    before = {assessment.lead_assessor_id, *before_co}
    after = [lead_assessor.pk, *(person.pk for person in co_assessors)]
    if assessment.lead_assessor_id == lead_assessor.pk and set(after[1:]) == before_co:
        return assessment
    assessment.lead_assessor = lead_assessor
    assessment.save(update_fields=["lead_assessor", "updated_at"])
    assessment.co_assessors.set(co_assessors)
    _record(
        assessment,
        action=Event.Action.ASSIGNED,
        from_status=assessment.status,
        by=by,
        comment=_team_comment(lead_assessor, co_assessors),
    )
    newcomers = [pk for pk in after if pk not in before]
    if newcomers:
        _notify("assigned", assessment.pk, user_ids=newcomers)
    return assessment


@transaction.atomic
def assessment_import_record(*, assessment: Assessment, status: str, by=None) -> Assessment:
    """Record that a draft just made from a JSON document (assessments.interchange) was
    imported, and give it the document's state; returns it, updated.

    The history gets its "imported" row. A submitted or returned document keeps that status as
    it stands (it was submitted or returned before it was exported); a confirmed one is left
    submitted, for assessment_confirm to confirm with the director and time the document names.
    No one is emailed: nothing happened to anyone here."""
    assessment = _locked(assessment)
    if assessment.status != Status.DRAFT or assessment.events.exists():
        raise WorkflowError("Only a new draft made by an import can be recorded as imported.")
    if status not in Status.values:
        raise WorkflowError(f"There is no status {status!r}.")
    _record(assessment, action=Event.Action.IMPORTED, from_status="", by=by)
    if status != Status.DRAFT:
        # As it stood when it was exported: no new version, no submission of the import's own.
        assessment.status = Status.SUBMITTED if status == Status.CONFIRMED else status
        assessment.save(update_fields=["status"])
    return assessment


# The review cycle ---------------------------------------------------------------------------


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
    for on_submitted in parts.with_hook("on_submitted"):  # reading: the second-reading rule
        on_submitted(assessment=assessment, by=by)
    _notify("submitted", assessment.pk)
    return assessment


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, by, comment: str, seen_version: int | None = None
) -> Assessment:
    """Return a submitted assessment to its assessors with a comment they will see.

    `seen_version`, when given, is the version the director read: if the assessment has
    changed since, it is refused."""
    assessment = _locked(assessment)
    if not _is_director(by):
        raise WorkflowError("Only a director can return an assessment.")
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError(
            f"Only a submitted assessment can be returned; this one is "
            f"{assessment.get_status_display().lower()}."
        )
    _check_seen(assessment, seen_version)
    comment = comment.strip()
    if not comment:
        raise WorkflowError("Say what the assessor should change: the comment is required.")
    _set_status(assessment, status=Status.RETURNED, return_comment=comment)
    _record(assessment, action=Event.Action.RETURNED, from_status=Status.SUBMITTED, by=by, comment=comment)
    _notify("returned", assessment.pk)
    return assessment


def _check_dates_in_range(assessment: Assessment) -> None:
    """Refuse to issue a letter whose dates are out of range (assessments.limits): a row written
    before the range was enforced, or behind the app's back. The award's end date could not
    even be computed for a year near 9999."""
    for name, label in (
        ("letter_date", "letter date"),
        ("visit_start", "first day of the visit"),
        ("visit_end", "last day of the visit"),
    ):
        problem = limits.date_problem(getattr(assessment, name))
        if problem:
            raise WorkflowError(
                f"The {label} cannot be issued: {problem} Return the assessment so its assessors "
                "can correct it. Nothing was confirmed."
            )


@transaction.atomic
def assessment_confirm(
    *,
    assessment: Assessment,
    by,
    at: datetime.datetime | None = None,
    notify: bool = True,
    seen_version: int | None = None,
) -> Assessment:
    """Confirm a submitted assessment: record who and when, freeze it and issue the report.

    The letter is rendered and stored (reports.issuing, a registered part) inside this transaction, while it
    holds the row lock: a second director confirming at the same moment waits for the lock,
    then finds the assessment confirmed and is refused, so there is only ever one issued report.
    If rendering or storing fails, nothing is confirmed.

    `at` lets an import keep the original confirmation time (it defaults to now), and an
    import of a historical report passes notify=False so no headteacher is emailed about it.
    `seen_version`, when given, is the version the director read: if the assessment has
    changed since, it is refused.
    """
    assessment = _locked(assessment)
    if not _is_director(by):
        raise WorkflowError("Only a director can confirm an assessment.")
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError(
            f"Only a submitted assessment can be confirmed; this one is "
            f"{assessment.get_status_display().lower()}."
        )
    _check_dates_in_range(assessment)
    _check_seen(assessment, seen_version)
    for confirm_problem in parts.with_hook("confirm_problem"):  # factcheck: an open check
        if problem := confirm_problem(assessment):
            raise WorkflowError(problem)
    if assessment.outcome == Outcome.YES and not assessment.reassessment_years:
        raise WorkflowError(
            f"Set the years until the next {assessment.kind.award_level.renewal} before confirming: "
            "a successful visit's award must run out some day."
        )
    at = at or timezone.now()
    assessment.confirmed_at = at  # the award date falls back on it when there is no letter date
    _set_status(
        assessment,
        status=Status.CONFIRMED,
        # The letter keeps the school's details as they are now (Assessment.letter_school).
        school_snapshot=school_snapshot(assessment.school),
        confirmed_by=by,
        confirmed_at=at,
        return_comment="",
        # Only a successful visit gives an award; an unsuccessful or deferred one runs out never
        # because it never began.
        expires_on=assessment.valid_until if assessment.outcome == Outcome.YES else None,
    )
    for on_confirmed in parts.with_hook("on_confirmed"):  # reports: the signed letter is issued
        on_confirmed(assessment=assessment, by=by)
    awards.record_newest_award(assessment.school)
    _record(assessment, action=Event.Action.CONFIRMED, from_status=Status.SUBMITTED, by=by, at=at)
    if notify:
        _notify("issued", assessment.pk)
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Open a correction of a confirmed assessment: a new draft revision linked to it, with a
    copy of its content and the same school, framework and assessors, who are emailed. Returns
    the new draft.

    The confirmed assessment is not changed: it keeps its issued report, which stays
    downloadable; the new revision, once confirmed, is issued in its own file and replaces it
    for the school's award.
    """
    original = _locked(assessment)
    if not _is_director(by):
        raise WorkflowError("Only a director can reopen an assessment.")
    if original.status != Status.CONFIRMED:
        raise WorkflowError("Only a confirmed assessment can be reopened for a correction.")
    later = original.revisions.order_by("-revision").first()
    if later is not None:
        raise WorkflowError(
            f"Revision {later.revision} of this assessment already exists "
            f"({later.get_status_display().lower()}); correct that one instead."
        )
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Say what needs correcting: the reason is required.")

    copy = Assessment.objects.create(
        school_id=original.school_id,
        framework_id=original.framework_id,
        kind_id=original.kind_id,
        status=Status.DRAFT,
        visit_start=original.visit_start,
        visit_end=original.visit_end,
        remote=original.remote,
        renews_lower_award=original.renews_lower_award,
        letter_date=original.letter_date,
        lead_assessor_id=original.lead_assessor_id,
        summary=original.summary,
        recommendation=original.recommendation,
        outcome=original.outcome,
        reassessment_years=original.reassessment_years,
        context=original.context,
        evidence=original.evidence,
        return_comment=reason,
        previous_assessment_id=original.previous_assessment_id,
        revision_of=original,
        revision=original.revision + 1,
    )
    copy.co_assessors.set(original.co_assessors.all())
    findings = list(original.findings.order_by("element__number"))
    copies = Finding.objects.bulk_create(
        Finding(
            assessment=copy,
            element_id=finding.element_id,
            narrative=finding.narrative,
            no_significant_areas=finding.no_significant_areas,
        )
        for finding in findings
    )
    new_finding = {old.pk: new.pk for old, new in zip(findings, copies, strict=True)}
    Statement.objects.bulk_create(
        Statement(
            assessment=copy,
            finding_id=new_finding.get(statement.finding_id),
            kind=statement.kind,
            position=statement.position,
            text=statement.text,
        )
        for statement in original.statements.order_by("pk")
    )
    _record(
        original,
        action=Event.Action.REOPENED,
        from_status=Status.CONFIRMED,
        by=by,
        comment=f"Revision {copy.revision} opened for a correction: {reason}",
    )
    _record(
        copy,
        action=Event.Action.REOPENED,
        from_status="",
        by=by,
        comment=f"A correction of revision {original.revision}: {reason}",
    )
    _notify("reopened", copy.pk)
    return copy
