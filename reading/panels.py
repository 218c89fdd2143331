"""What the second reading adds to other pages: the assessor's element page (the reader's
comments on the element and its items) and the director's review page (the reading's state,
outcome, comments and the director's actions)."""

from assessments.instances import Joined
from assessments.models import Status
from prepared import Prepared
from reading import anchors, selectors
from reading.models import Reading

# The assessment's reading (one at most), read on every editor page of a submitted report,
# compiled once (prepared.Prepared) and built back into a Reading.
_READING = Joined(Reading)
_READING_OF = Prepared(
    lambda assessment_id: (
        Reading.objects.filter(assessment_id=assessment_id).order_by().values_list(*_READING.names)[:1]
    )
)


def reading_of(assessment) -> Reading | None:
    """The assessment's reading, or None."""
    rows = _READING_OF(assessment_id=assessment.pk)
    return _READING.instance(rows[0]) if rows else None


def element_context(assessment, element) -> dict:
    """The reader's comments on this element's narrative and items, found again in the text as it
    is now (none for a report never submitted, which no reader has read; one when the report has
    no reading)."""
    if assessment.status == Status.DRAFT and assessment.submitted_at is None:
        return {"reading_threads": []}
    reading = reading_of(assessment)
    if reading is None:
        return {"reading_threads": []}
    threads = [
        thread
        for thread in selectors.threads(reading)
        if thread.part and thread.part.element_number == element.number
    ]
    return {"reading": reading, "reading_threads": threads}


def section_context(assessment, page: str) -> dict:
    """The reader's comments on the text of one of the editor's pages of the letter's own
    sections (an editing.SECTIONS key) or of a themed section ("section:<id>"), as
    element_context does for an element."""
    if assessment.status == Status.DRAFT and assessment.submitted_at is None:
        return {"reading_threads": []}
    reading = reading_of(assessment)
    if reading is None:
        return {"reading_threads": []}
    threads = [thread for thread in selectors.threads(reading) if thread.part and thread.part.page == page]
    return {"reading": reading, "reading_threads": threads}


def review_context(assessment) -> dict:
    """The review page's panel of the second reading."""
    from reading.forms import OverrideForm, ReplyForm

    reading = Reading.objects.filter(assessment=assessment).select_related("closed_by", "asked_by").first()
    if reading is None:
        return {"reading": None}
    parts = anchors.parts_of(assessment)
    return {
        "reading": reading,
        "reading_outcome": selectors.outcome(reading),
        "reading_threads": selectors.threads(reading, parts=parts),
        "override_form": OverrideForm(),
        "reply_form": ReplyForm(),
    }
