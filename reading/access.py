"""Who may open a second reading, in one place: a quality-assurance reader or a director who was
not on the visit, for a report in the readers' queue (or one they signed off). Anything else
answers 404."""

from django.http import Http404

from reading.models import Reading
from reading.services import may_read


def reading_for_reader(user, pk: int) -> Reading:
    """The reading, if the user may read it; 404 otherwise."""
    reading = (
        Reading.objects.select_related(
            "assessment__school",
            "assessment__kind__award_level",
            "assessment__lead_assessor",
            "assessment__framework",
        )
        .filter(pk=pk)
        .first()
    )
    if reading is None or not user.is_authenticated or not may_read(user, reading.assessment):
        raise Http404("No such reading.")
    in_queue = reading.is_open and reading.assessment.status in ("submitted", "returned")
    if not (in_queue or user.is_director or reading.closed_by_id == user.pk):
        raise Http404("No such reading.")
    return reading
