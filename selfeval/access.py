"""Who may see and write a visit's self-evaluation, in one place: the views and the services ask
here. A visit the user may not see answers 404, never 403."""

from django.http import Http404

from assessments.access import assessment_for_team, is_school_staff_of
from assessments.models import Assessment, Status
from selfeval.models import SelfEvaluation


def takes_self_evaluation(assessment: Assessment) -> bool:
    """Whether the visit takes a self-evaluation at all: a visit still being written (a draft),
    not a revision of an issued letter, which corrects a visit already made."""
    return assessment.status == Status.DRAFT and assessment.revision_of_id is None


def may_write(user, assessment: Assessment) -> bool:
    """The school's own staff write its self-evaluation (the services still refuse a submitted
    or closed one, with the reason)."""
    return is_school_staff_of(user, assessment)


def may_read(user, assessment: Assessment) -> bool:
    """The school's staff, the visit's assessors, directors and superusers read the school's
    self-evaluation and download its files; nobody else learns it exists."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_school_staff:
        return user.school_id == assessment.school_id
    return bool(user.is_director or user.is_superuser or assessment.is_assigned(user))


def visit_for_school_staff(user, pk: int) -> Assessment:
    """The visit, if the user is one of its school's staff and it takes a self-evaluation (or
    has one); 404 otherwise."""
    assessment = (
        Assessment.objects.select_related("school", "framework", "kind").filter(pk=pk).first()
        if user.is_authenticated and user.is_school_staff
        else None
    )
    if assessment is None or not may_write(user, assessment):
        raise Http404("No such self-evaluation.")
    if not (
        takes_self_evaluation(assessment) or SelfEvaluation.objects.filter(assessment=assessment).exists()
    ):
        raise Http404("No such self-evaluation.")
    return assessment


def visit_for_reader(user, pk: int) -> Assessment:
    """The visit, for its school's staff (as visit_for_school_staff) or for its team (assessors,
    directors); 404 otherwise."""
    if user.is_authenticated and user.is_school_staff:
        return visit_for_school_staff(user, pk)
    return assessment_for_team(user, pk)
