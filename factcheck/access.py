"""Who takes part in a visit's factual-accuracy check, in one place: the school speaks in it (its
headteacher and school users: assessments.access.is_school_staff_of); the visit's team reads it
(assessments.access). A check the user may not see answers 404."""

from django.http import Http404

from assessments.access import is_school_staff_of
from factcheck.models import FactualCheck


def can_take_part(user, assessment) -> bool:
    """Whether the user speaks for the school in its check: its headteacher or one of its school
    users."""
    return is_school_staff_of(user, assessment)


def check_for_school_staff(user, pk: int) -> FactualCheck:
    """The check, if the user speaks for its school; 404 otherwise."""
    check = (
        FactualCheck.objects.select_related("assessment__school", "assessment__framework")
        .filter(pk=pk)
        .first()
    )
    if check is None or not can_take_part(user, check.assessment):
        raise Http404("No such factual check.")
    return check
