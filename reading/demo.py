"""The demo's second reading (load_demo): a quality-assurance reader, the rule as the issue's
example sets it, and a submitted report of the Flagship school — its next year's review — in the
readers' queue, carrying the reader's anchored comments and a suggested change."""

import copy
import datetime

from assessments.interchange import import_document, validate_document
from assessments.models import Assessment, Section, Status
from reading import services
from reading.models import Comment, Reading, ReadingRule

# The review's visit, its letter and its submission: late in 2026, before the demo's "today", so
# that nothing reads as submitted before the visit took place.
VISIT = (datetime.date(2026, 11, 24), datetime.date(2026, 11, 25))
LETTER_DATE = datetime.date(2026, 12, 1)
SUBMITTED_AT = datetime.datetime(2026, 12, 2, 16, 30, tzinfo=datetime.UTC)


def set_rule(*, by) -> ReadingRule:
    """The example rule, once: every lead assessor's first three reports, every Centre of
    Excellence and Flagship visit, and a tenth of the rest."""
    from assessments.kinds import AwardLevel, VisitKind

    rule = ReadingRule.current()
    if rule.updated_by_id is None:
        kinds = VisitKind.objects.filter(
            award_level__code__in=(AwardLevel.CENTRE_OF_EXCELLENCE, AwardLevel.FLAGSHIP)
        )
        rule = services.rule_save(by=by, first_reports=3, kinds=list(kinds), percentage=10)
    return rule


def add_reading(flagship_doc: dict, *, director, reader) -> Assessment:
    """The Flagship school's next review, imported as submitted (no one is emailed) and in the
    readers' queue, once: a second load finds it."""
    doc = copy.deepcopy(flagship_doc)
    doc.update(
        visit_start=VISIT[0].isoformat(), visit_end=VISIT[1].isoformat(), letter_date=LETTER_DATE.isoformat()
    )
    existing = Assessment.objects.filter(
        school__name=doc["school"]["name"], visit_start=doc["visit_start"], revision_of__isnull=True
    ).first()
    if existing is not None:
        return existing
    doc.update(status=Status.SUBMITTED, confirmed_by=None, confirmed_at=None)
    validate_document(doc)
    assessment = import_document(doc)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=SUBMITTED_AT)
    assessment.submitted_at = SUBMITTED_AT
    # The rule sends it to the readers, as submitting it in the app would (kept from the day it
    # was submitted, so the queue counts the days it has waited).
    services.on_submitted(assessment=assessment, by=director, notify=False)
    reading = Reading.objects.filter(assessment=assessment).first() or services.reading_ask(
        assessment=assessment, by=director, notify=False
    )
    summary_words = "place inclusion at the heart of its work"
    services.comment_add(
        reading=reading,
        by=reader,
        part="summary",
        quote=summary_words if summary_words in assessment.summary else "",
        text="This repeats last year's wording: what is new since the last review?",
    )
    context = Section.objects.filter(assessment=assessment).order_by("position").first()
    sentence = "the school has welcomed a growing number of families new to the area"
    if context is not None and sentence in context.narrative:
        services.comment_add(
            reading=reading,
            by=reader,
            part=f"section:{context.pk}",
            quote=sentence,
            text="Shorter and plainer, please.",
            suggestion="more families new to the area have joined the school",
        )
    services.comment_add(
        reading=reading,
        by=reader,
        part="recommendation",
        text="The recommendation should name the year of the next review.",
    )
    assert Comment.objects.filter(reading=reading).exists()
    return assessment
