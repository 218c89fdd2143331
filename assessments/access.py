"""The access rules for assessments, in one place.

Every view that takes an assessment id goes through one of these helpers. An assessment the
user may not see answers 404, never 403, so its existence is not leaked.
"""

from django.http import Http404

from assessments.instances import Joined
from assessments.models import Assessment, Status, sight_of
from prepared import Prepared

# The assessment as the editor's and the letter's pages read it: with its school, framework,
# kind (and the kind's award level) and lead assessor, but the lead assessor's sign-in fields
# (pagecache.topics' "unshown": no page shows them, and a sign-in changes them).
_VIEWED = Joined(
    Assessment,
    "school",
    "framework",
    "lead_assessor",
    "kind__award_level",
    defer=("lead_assessor__password", "lead_assessor__last_login", "lead_assessor__two_factor_stamp"),
)

# The one row with this key that the user may see (visible_to's rule as plain values: the
# user's sight shapes the query, their id or school's is bound). No ORDER BY: first() would add
# one for a single row.
_VISIBLE = Prepared(
    lambda sight, pk, user_id=None, school_id=None: (
        Assessment.objects.one_within_sight(pk, sight, user_id=user_id, school_id=school_id)
        .order_by()
        .values_list(*_VIEWED.names)[:1]
    ),
    shape=("sight",),
)


def bindable_key(pk) -> bool:
    """Whether a key can be bound into a prepared query as it is: an int in a big integer's
    range. Another (a caller's string, or a number no row can have, for which Django's lookup
    finds nothing without asking the database) is read the ordinary way."""
    return type(pk) is int and -(2**63) <= pk < 2**63


def assessment_for_viewer(user, pk: int) -> Assessment:
    """The assessment, if the user may see it at all (Assessment.objects.visible_to)."""
    sight = sight_of(user)
    if sight == "none":  # visible_to's none(): nothing to ask the database
        raise Http404("No such assessment.")
    values = {"sight": sight, "pk": pk}
    if sight == "assigned":
        values["user_id"] = user.pk
    elif sight == "school":
        values["school_id"] = user.school_id
    rows = _VISIBLE(**values) if bindable_key(pk) else list(_VISIBLE.build(**values))
    if not rows:
        raise Http404("No such assessment.")
    return _VIEWED.instance(rows[0])


def assessment_for_team(user, pk: int) -> Assessment:
    """The assessment, if the user is one of its assigned assessors or a director: the people
    who may read its drafts and preview its letter. Headteachers never see a draft."""
    assessment = assessment_for_viewer(user, pk)
    if user.is_director or user.is_superuser or assessment.is_assigned(user):
        return assessment
    raise Http404("No such assessment.")


def assessment_for_editor(user, pk: int) -> Assessment:
    """The assessment, if the user is one of its assigned assessors (who alone edit it).

    The caller still checks `assessment.is_editable` to refuse edits to a submitted or
    confirmed assessment with a clear message."""
    assessment = assessment_for_viewer(user, pk)
    if user.is_assessor and assessment.is_assigned(user):
        return assessment
    raise Http404("No such assessment.")


def is_school_staff_of(user, assessment: Assessment) -> bool:
    """Whether the user speaks for the visit's school: an active headteacher or school user of
    that school. The one rule every feature that the school takes part in uses (selfeval,
    factcheck)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_school_staff
        and user.school_id == assessment.school_id
    )


def assessment_for_school_staff(user, pk: int) -> Assessment:
    """The assessment, if the user speaks for its school (is_school_staff_of); 404 otherwise.
    Which of them the school sees depends on the feature (a draft sent for its check, a visit
    taking its self-evaluation): the caller narrows it."""
    assessment = (
        Assessment.objects.select_related("school", "framework", "kind__award_level").filter(pk=pk).first()
    )
    if assessment is None or not is_school_staff_of(user, assessment):
        raise Http404("No such assessment.")
    return assessment


def assessment_for_director(user, pk: int) -> Assessment:
    """The assessment, if the user is a director."""
    if not (user.is_authenticated and user.is_director):
        raise Http404("No such assessment.")
    return assessment_for_viewer(user, pk)


__all__ = [
    "Status",
    "assessment_for_director",
    "assessment_for_editor",
    "assessment_for_school_staff",
    "assessment_for_team",
    "assessment_for_viewer",
    "is_school_staff_of",
]
