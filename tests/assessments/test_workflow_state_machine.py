"""The whole state machine as a table: every transition × every role → allowed or refused,
through the services and through the views.

schedule → draft → submitted → (returned → submitted …) → confirmed → reopened (a new draft)
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Framework, Status

ROLES = ["lead", "co_assessor", "other_assessor", "director", "headteacher", "other_headteacher", "anonymous"]

# transition → the roles allowed to make it; every other role is refused.
ALLOWED = {
    "schedule": {"director"},
    "assign": {"director"},
    "submit": {"lead", "co_assessor"},
    "resubmit": {"lead", "co_assessor"},
    "return": {"director"},
    "confirm": {"director"},
    "reopen": {"director"},
}
TABLE = [(transition, role, role in allowed) for transition, allowed in ALLOWED.items() for role in ROLES]


def person(request, role):
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(role)


@pytest.fixture
def returned(submitted, director):
    return services.assessment_return(assessment=submitted, by=director, comment="Say more about parents.")


def starting_point(request, transition):
    """The assessment a transition starts from (None for scheduling), in the right state."""
    fixture = {
        "schedule": None,
        "assign": "draft",
        "submit": "complete_draft",
        "resubmit": "returned",
        "return": "submitted",
        "confirm": "submitted",
        "reopen": "confirmed",
    }[transition]
    return request.getfixturevalue(fixture) if fixture else None


def snapshot(assessment):
    if assessment is None:
        return Assessment.objects.count()
    assessment.refresh_from_db()
    return (
        Assessment.objects.count(),
        assessment.status,
        assessment.version,
        assessment.lead_assessor_id,
        sorted(assessment.co_assessors.values_list("pk", flat=True)),
    )


def by_service(request, transition, assessment, user):
    if transition == "schedule":
        return services.assessment_schedule(
            school=request.getfixturevalue("school"),
            framework=Framework.objects.get(is_current=True),
            kind="assessment",
            visit_start=datetime.date(2027, 1, 5),
            visit_end=datetime.date(2027, 1, 6),
            lead_assessor=request.getfixturevalue("other_assessor"),
            by=user,
        )
    if transition == "assign":
        return services.assessment_assign(
            assessment=assessment, lead_assessor=request.getfixturevalue("other_assessor"), by=user
        )
    if transition in ("submit", "resubmit"):
        return services.assessment_submit(assessment=assessment, by=user)
    if transition == "return":
        return services.assessment_return(assessment=assessment, by=user, comment="Please expand.")
    if transition == "confirm":
        return services.assessment_confirm(assessment=assessment, by=user)
    return services.assessment_reopen(assessment=assessment, by=user, reason="A typing error.")


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "role", "allowed"), TABLE)
def test_through_the_services(request, transition, role, allowed):
    assessment = starting_point(request, transition)
    user = person(request, role)
    before = snapshot(assessment)
    if allowed:
        result = by_service(request, transition, assessment, user)
        expected = {
            "schedule": Status.DRAFT,
            "assign": Status.DRAFT,
            "submit": Status.SUBMITTED,
            "resubmit": Status.SUBMITTED,
            "return": Status.RETURNED,
            "confirm": Status.CONFIRMED,
            "reopen": Status.DRAFT,
        }[transition]
        assert result.status == expected
        assert snapshot(assessment) != before
    else:
        with pytest.raises(services.WorkflowError):
            by_service(request, transition, assessment, user)
        assert snapshot(assessment) == before


# The views of the transitions this module's pages make. (Submitting is the assessor
# workspace's page; its service is in the table above.)
VIEW_TABLE = [row for row in TABLE if row[0] not in ("submit", "resubmit")]


def by_view(client, request, transition, assessment):
    if transition == "schedule":
        school = request.getfixturevalue("school")
        data = {
            "school": school.pk,
            "framework": Framework.objects.get(is_current=True).pk,
            "kind": "assessment",
            "visit_start": "2027-01-05",
            "visit_end": "2027-01-06",
            "lead_assessor": request.getfixturevalue("other_assessor").pk,
        }
        return client.post(reverse("visit_schedule"), data)
    if transition == "assign":
        lead = request.getfixturevalue("other_assessor")
        return client.post(reverse("review_assessors", args=[assessment.pk]), {"lead_assessor": lead.pk})
    if transition == "return":
        return client.post(
            reverse("review_return", args=[assessment.pk]),
            {"comment": "Please expand.", "version": assessment.version},
        )
    if transition == "confirm":
        return client.post(reverse("review_confirm", args=[assessment.pk]), {"version": assessment.version})
    return client.post(reverse("review_reopen", args=[assessment.pk]), {"reason": "A typing error."})


@pytest.mark.django_db
@pytest.mark.parametrize(("transition", "role", "allowed"), VIEW_TABLE)
def test_through_the_views(client, request, transition, role, allowed):
    assessment = starting_point(request, transition)
    if role != "anonymous":
        client.force_login(person(request, role))
    before = snapshot(assessment)
    response = by_view(client, request, transition, assessment)
    if allowed:
        assert response.status_code == 302
        assert response.url.startswith("/review/")
        assert snapshot(assessment) != before
    elif role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot(assessment) == before
    else:
        assert response.status_code == 404
        assert snapshot(assessment) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "transition"),
    [
        ("draft", "return"),
        ("draft", "confirm"),
        ("draft", "reopen"),
        ("confirmed", "return"),
        ("confirmed", "confirm"),
        ("confirmed", "assign"),
        ("submitted", "submit"),
        ("confirmed", "submit"),
        ("submitted", "reopen"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(
    request, fixture, transition, director, lead
):
    assessment = request.getfixturevalue(fixture)
    user = lead if transition == "submit" else director
    before = snapshot(assessment)
    with pytest.raises(services.WorkflowError):
        by_service(request, transition, assessment, user)
    assert snapshot(assessment) == before


@pytest.mark.django_db
def test_submitting_an_incomplete_draft_lists_what_is_missing(draft, lead):
    with pytest.raises(services.WorkflowError, match="The letter date is missing"):
        services.assessment_submit(assessment=draft, by=lead)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
