"""The access rules of assessments/access.py, helper by helper, for each role and each state of
the visit: a unit-level table (the access matrix, tests/crossing/test_access_matrix.py, asks the
same through every URL, minutes a run; this asks the helpers directly, in seconds, and is what
mutation testing runs against them: docs/testing.md).

Each cell is True when the helper gives the assessment, False when it answers 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from assessments import access
from assessments.models import Status
from tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    DirectorFactory,
    HeadteacherFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.CONFIRMED)
ROLES = (
    "anonymous",
    "lead",
    "co",
    "outsider",
    "director",
    "head",
    "staff",
    "inactive_head",
    "other_head",
    "reader",
    "admin",
    "no_role",
)

# Who may see which visit at all (Assessment.objects.visible_to): the team and directors every
# state, the school's active staff its confirmed visits only (the inactive headteacher too: the
# queryset does not look at is_active; signing in does), everyone else nothing.
VIEWER = {
    "anonymous": set(),
    "lead": set(STATES),
    "co": set(STATES),
    "outsider": set(),
    "director": set(STATES),
    "head": {Status.CONFIRMED},
    "staff": {Status.CONFIRMED},
    "inactive_head": {Status.CONFIRMED},
    "other_head": set(),
    "reader": set(),
    "admin": set(STATES),
    "no_role": set(),
}
# Who may read drafts and preview the letter: the assigned assessors, directors and the
# administrator; never the school.
TEAM = {role: set(STATES) if role in ("lead", "co", "director", "admin") else set() for role in ROLES}
# Who may edit: the assigned assessors alone (whether the state allows it is asked apart).
EDITOR = {role: set(STATES) if role in ("lead", "co") else set() for role in ROLES}
# Who speaks for the school: its active headteacher and school users, whatever the state.
SCHOOL_STAFF = {role: set(STATES) if role in ("head", "staff") else set() for role in ROLES}
# The director's pages: directors only (not the administrator, who has the admin site).
DIRECTOR = {role: set(STATES) if role == "director" else set() for role in ROLES}


@pytest.fixture
def world():
    school = SchoolFactory()
    other_school = SchoolFactory()
    lead = AssessorFactory()
    co = AssessorFactory()
    director = DirectorFactory()
    users = {
        "anonymous": AnonymousUser(),
        "lead": lead,
        "co": co,
        "outsider": AssessorFactory(),
        "director": director,
        "head": HeadteacherFactory(school=school),
        "staff": UserFactory(role=Role.SCHOOL_USER, school=school),
        "inactive_head": HeadteacherFactory(school=school, is_active=False),
        "other_head": HeadteacherFactory(school=other_school),
        "reader": UserFactory(role=Role.QA_READER),
        "admin": UserFactory(role="", is_staff=True, is_superuser=True),
        "no_role": UserFactory(role=""),
    }
    visits = {}
    for state in STATES:
        visit = AssessmentFactory(school=school, lead_assessor=lead)
        visit.co_assessors.add(co)
        # Straight to its state (a confirmed visit's assessors are frozen, so they come first).
        confirmed = state == Status.CONFIRMED
        type(visit).objects.filter(pk=visit.pk).update(
            status=state,
            confirmed_by=director if confirmed else None,
            confirmed_at=timezone.now() if confirmed else None,
        )
        visits[state] = visit
    # Another school's confirmed visit that none of the first school's people work on.
    elsewhere = AssessmentFactory(
        school=other_school, status=Status.CONFIRMED, confirmed_by=director, confirmed_at=timezone.now()
    )
    return users, visits, elsewhere


def given(helper, user, pk) -> bool:
    try:
        found = helper(user, pk)
    except Http404:
        return False
    assert found.pk == pk
    return True


@pytest.mark.parametrize(
    "helper, table",
    [
        (access.assessment_for_viewer, VIEWER),
        (access.assessment_for_team, TEAM),
        (access.assessment_for_editor, EDITOR),
        (access.assessment_for_school_staff, SCHOOL_STAFF),
        (access.assessment_for_director, DIRECTOR),
    ],
    ids=["viewer", "team", "editor", "school_staff", "director"],
)
def test_each_helper_gives_the_visit_to_exactly_the_roles_its_rule_names(world, helper, table):
    users, visits, _ = world
    answers = {
        (role, state): given(helper, users[role], visits[state].pk) for role in ROLES for state in STATES
    }
    expected = {(role, state): state in table[role] for role in ROLES for state in STATES}
    assert answers == expected


def test_the_school_speaks_for_its_own_visits_only(world):
    users, visits, elsewhere = world
    table = {role: access.is_school_staff_of(users[role], visits[Status.DRAFT]) for role in ROLES}
    assert table == {role: role in ("head", "staff") for role in ROLES}
    assert access.is_school_staff_of(None, visits[Status.DRAFT]) is False
    assert access.is_school_staff_of(users["head"], elsewhere) is False
    assert access.is_school_staff_of(users["other_head"], elsewhere) is True


@pytest.mark.parametrize(
    "helper, role",
    [
        (access.assessment_for_viewer, "director"),
        (access.assessment_for_team, "director"),
        (access.assessment_for_editor, "lead"),
        (access.assessment_for_school_staff, "head"),
        (access.assessment_for_director, "director"),
    ],
    ids=["viewer", "team", "editor", "school_staff", "director"],
)
def test_an_unknown_or_anothers_visit_is_404_for_everyone(world, helper, role):
    users, visits, elsewhere = world
    assert given(helper, users[role], max(v.pk for v in [*visits.values(), elsewhere]) + 1) is False
    if role in ("lead", "head"):
        assert given(helper, users[role], elsewhere.pk) is False
    else:
        assert given(helper, users[role], elsewhere.pk) is True


@pytest.mark.parametrize(
    "helper, role, joined",
    [
        (access.assessment_for_viewer, "director", ("school", "framework", "lead_assessor", "kind")),
        (access.assessment_for_team, "admin", ("school", "framework", "lead_assessor", "kind")),
        (access.assessment_for_editor, "lead", ("school", "framework", "lead_assessor", "kind")),
        (access.assessment_for_director, "director", ("school", "framework", "lead_assessor", "kind")),
        (access.assessment_for_school_staff, "head", ("school", "framework", "kind")),
    ],
    ids=["viewer", "team", "editor", "director", "school_staff"],
)
def test_the_visit_comes_with_what_every_page_shows_of_it_in_one_query(
    world, django_assert_num_queries, helper, role, joined
):
    """The school, framework, lead assessor and award level are read with the visit: every
    page that takes a visit shows them, and each would be one more query."""
    users, visits, _ = world
    with django_assert_num_queries(1):
        found = helper(users[role], visits[Status.CONFIRMED].pk)
    with django_assert_num_queries(0):
        for name in joined:
            getattr(found, name)
        found.kind.award_level  # noqa: B018


def test_an_assigned_user_who_is_no_longer_an_assessor_no_longer_edits_the_visit(world):
    """Editing needs both: assigned to the visit and an assessor. A lead made a director keeps
    the director's reading of every visit, not the assessor's pen on their own."""
    users, visits, _ = world
    lead = users["lead"]
    type(lead).objects.filter(pk=lead.pk).update(role=Role.DIRECTOR)
    lead.refresh_from_db()
    draft = visits[Status.DRAFT]
    assert given(access.assessment_for_viewer, lead, draft.pk) is True
    assert given(access.assessment_for_editor, lead, draft.pk) is False
    assert given(access.assessment_for_editor, users["co"], draft.pk) is True


def test_a_key_is_bound_as_it_is_only_as_an_int_within_a_big_integers_range():
    """access.bindable_key: an int from -2**63 to 2**63 - 1 goes into the prepared query; anything
    else (past either end, a string, a float, a bool, None) is read the ordinary way."""
    for pk in (0, 1, -(2**63), 2**63 - 1):
        assert access.bindable_key(pk) is True, pk
    for pk in (2**63, -(2**63) - 1, 10**30, "1", 1.0, True, None):
        assert access.bindable_key(pk) is False, pk
