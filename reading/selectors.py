"""What the second reading's pages read: the readers' queue, a reading's comments anchored in
the letter as it is now, the outcome the director's review page shows, and the per-assessor
figures."""

import dataclasses
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from assessments.models import Status
from prepared import Prepared
from reading import anchors
from reading.models import Comment, Reading


def queue(user):
    """The reports waiting for a second reading that this user may read (not on their visit),
    oldest first: a queryset of open Readings with their visit, kind and assessor."""
    return (
        Reading.objects.filter(status=Reading.Status.OPEN, assessment__status=Status.SUBMITTED)
        .exclude(assessment__lead_assessor=user)
        .exclude(assessment__co_assessors=user)
        .select_related("assessment__school", "assessment__kind", "assessment__lead_assessor")
        .order_by("created_at", "pk")
    )


def days_between(start: datetime.datetime, end: datetime.datetime | None = None) -> int:
    return ((end or timezone.now()) - start).days


@dataclasses.dataclass
class Thread:
    """A comment as a page shows it: where it is in the letter now (anchors.Anchor), its
    replies, and for a suggestion the difference it makes and whether it is out of date."""

    comment: Comment
    anchor: anchors.Anchor
    replies: list
    part: anchors.Part | None
    out_of_date: bool = False
    diff: list | None = None


def threads(reading: Reading, *, parts: list | None = None) -> list[Thread]:
    """Every comment of the reading, in letter order then oldest first, each found again in its
    part's text as it is now. `parts` (anchors.parts_of) spares reading the letter again."""
    from assessments.history import word_diff
    from reading.services import is_out_of_date, suggested_text

    parts = anchors.parts_of(reading.assessment) if parts is None else parts
    by_key = {part.key: part for part in parts}
    order = {part.key: index for index, part in enumerate(parts)}
    found = []
    comments = reading.comments.select_related("author", "resolved_by", "decided_by").prefetch_related(
        "replies__author"
    )
    for comment in comments:
        part = by_key.get(comment.part)
        anchor = anchors.locate(comment.quote, comment.start, part.text if part else None)
        thread = Thread(comment, anchor, list(comment.replies.all()), part)
        if comment.is_suggestion:
            thread.out_of_date = is_out_of_date(comment, part)
            thread.diff = word_diff(comment.base_text, suggested_text(comment))
        found.append(thread)
    found.sort(key=lambda t: (order.get(t.comment.part, len(order)), t.comment.created_at, t.comment.pk))
    return found


def outcome(reading: Reading) -> dict:
    """The reading's figures for the review page: comments opened and resolved, suggestions
    accepted, rejected and waiting, and the days it has taken (so far)."""
    counts = Comment.objects.filter(reading=reading).aggregate(
        comments=Count("pk"),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        accepted=Count("pk", filter=Q(suggestion_state=Comment.Suggestion.ACCEPTED)),
        rejected=Count("pk", filter=Q(suggestion_state=Comment.Suggestion.REJECTED)),
        waiting=Count("pk", filter=Q(suggestion_state=Comment.Suggestion.OPEN)),
    )
    counts["open"] = counts["comments"] - counts["resolved"]
    counts["days"] = days_between(reading.created_at, reading.closed_at)
    return counts


def open_comments(assessment_ids: list[int]) -> dict[int, int]:
    """How many of the reader's comments on each of these assessments are not resolved, by
    assessment id, for the assessor's home: one query however many assessments, none for
    none."""
    return {pk: state["open_comments"] for pk, state in reading_states(assessment_ids).items()}


_READING_STATES = Prepared(
    lambda assessment_ids: (
        Reading.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id", "status")
        .annotate(n=Count("comments", filter=Q(comments__resolved_at__isnull=True)))
        .order_by()
    )
)


def reading_states(assessment_ids: list[int]) -> dict[int, dict]:
    """For each of these assessments that has a second reading: how many of the reader's
    comments are not resolved (`open_comments`) and whether the reading is still open
    (`is_open`: the report waits for the reader's sign-off), by assessment id. One query however
    many assessments, none for none."""
    if not assessment_ids:
        return {}
    return {
        assessment_id: {"open_comments": n, "is_open": status == Reading.Status.OPEN}
        for assessment_id, status, n in _READING_STATES(assessment_ids=list(assessment_ids))
    }


def assessor_figures() -> list[dict]:
    """Per lead assessor: reports read, comments per report and the average days reports waited
    for their reading (closed readings to their close, open ones to now), most read first (one
    query)."""
    rows = {}
    readings = Reading.objects.select_related("assessment__lead_assessor").annotate(n=Count("comments"))
    now = timezone.now()
    for reading in readings:
        lead = reading.assessment.lead_assessor
        row = rows.setdefault(lead.pk, {"assessor": lead, "read": 0, "comments": 0, "days": 0})
        row["read"] += 1
        row["comments"] += reading.n
        row["days"] += days_between(reading.created_at, reading.closed_at or now)
    for row in rows.values():
        row["per_report"] = round(row["comments"] / row["read"], 1)
        row["average_days"] = round(row["days"] / row["read"], 1)
    return sorted(rows.values(), key=lambda row: (-row["read"], str(row["assessor"])))
