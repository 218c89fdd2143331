"""Submitting for confirmation: refused with the exact list of what is missing, accepted when
complete, and read-only afterwards."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment, Event, Finding, Status

pytestmark = pytest.mark.django_db


CONFIRMED = {"confirm_read": "yes"}  # the box: "I have read the letter; submitting locks it"


def url(assessment):
    return reverse("assessment_submit", args=[assessment.pk])


def listed(response) -> list[tuple[str, str]]:
    """The (link, label) pairs of the missing-parts list."""
    html = response.content.decode()
    block = html[html.index('class="alert alert-danger missing-parts"') :]
    block = block[: block.index("</ul>")]
    return re.findall(r'<li><a class="alert-link" href="([^"]+)">([^<]+)</a></li>', block)


def test_it_refuses_an_incomplete_assessment_with_the_exact_list(client, lead, draft):
    draft.summary = "Nearly there. TODO: finish."
    draft.save()
    element = draft.framework.elements.get(number=2)
    Finding.objects.create(assessment=draft, element=element, narrative="Strong leadership.")
    client.force_login(lead)
    response = client.post(url(draft))
    assert response.status_code == 200
    pairs = listed(response)
    section = lambda name: reverse("assessment_section", args=[draft.pk, name])  # noqa: E731
    element_page = lambda n: reverse("assessment_element", args=[draft.pk, n])  # noqa: E731
    expected = [
        (section("details"), "The letter date is missing"),
        (section("summary"), "The summary still holds TODO or XXX"),
        (section("context"), "The context of the school is empty"),
        (section("evidence"), "The portfolio and other supporting evidence is empty"),
        (section("outcome"), "The outcome (successful: yes, no or deferred) is not chosen"),
        (section("outcome"), "The recommendation is empty"),
        (element_page(1), "Element 1 - Learner Progress: nothing entered yet"),
        (
            element_page(2),
            "Element 2 - Learner Attitude, Values &amp; Personal Development: no strengths yet",
        ),
        (
            element_page(2),
            "Element 2 - Learner Attitude, Values &amp; Personal Development: no areas for development, "
            "and not marked “no significant areas”",
        ),
        *[
            (
                element_page(n),
                f"Element {n} - {draft.framework.elements.get(number=n).title.replace('&', '&amp;')}: nothing entered yet",
            )
            for n in range(3, 11)
        ],
    ]
    assert pairs == expected
    assert b"Not submitted" in response.content
    after = Assessment.objects.get(pk=draft.pk)
    assert (after.status, after.version) == (Status.DRAFT, draft.version)
    assert not Event.objects.filter(assessment=draft, action=Event.Action.SUBMITTED).exists()


def test_it_counts_a_list_item_holding_xxx_as_missing(client, lead, complete_draft):
    statement = complete_draft.statements.filter(kind="strength").order_by("finding__element__number").first()
    statement.text = "Check with the SENCO XXX"
    statement.save()
    client.force_login(lead)
    pairs = listed(client.post(url(complete_draft)))
    assert pairs == [
        (
            reverse("assessment_element", args=[complete_draft.pk, 1]),
            "Element 1 - Learner Progress: a list item still holds TODO or XXX",
        )
    ]


def test_it_shows_what_is_missing_before_submitting(client, lead, draft):
    client.force_login(lead)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert (
        reverse("assessment_section", args=[draft.pk, "details"]),
        "The letter date is missing",
    ) in listed(response)


def test_it_submits_a_complete_assessment(
    client, lead, director, complete_draft, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    assert b"Everything is in place" in client.get(url(complete_draft)).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(complete_draft), CONFIRMED)
    assert response.status_code == 302
    assert response.url == reverse("assessment_overview", args=[complete_draft.pk])
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED
    assert complete_draft.submitted_at is not None
    event = Event.objects.get(assessment=complete_draft, action=Event.Action.SUBMITTED)
    assert (event.by, event.from_status, event.to_status) == (lead, Status.DRAFT, Status.SUBMITTED)
    assert [message.to for message in mail.outbox] == [[director.email]]
    page = client.get(response.url).content.decode()
    assert "Submitted for confirmation." in page


def test_it_asks_for_confirmation_before_submitting(client, lead, complete_draft):
    client.force_login(lead)
    page = client.get(url(complete_draft)).content.decode()
    assert "I have read the letter; submitting locks it" in page
    assert reverse("letter_preview_html", args=[complete_draft.pk]) in page
    # The overview's button posts without the box: the page asks, nothing is submitted.
    asked = client.post(url(complete_draft))
    assert asked.status_code == 200
    assert 'name="confirm_read"' in asked.content.decode()
    assert "tick the box" not in asked.content.decode()
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.DRAFT
    # The page's own form sent without the box ticked: told why, still not submitted.
    unticked = client.post(url(complete_draft), {"asked": "1"}).content.decode()
    assert "Not submitted: tick the box to say you have read the letter." in unticked
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.DRAFT
    assert not Event.objects.filter(assessment=complete_draft, action=Event.Action.SUBMITTED).exists()
    client.post(url(complete_draft), {"asked": "1", **CONFIRMED})
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.SUBMITTED


def test_it_asks_nothing_while_something_is_missing(client, lead, draft):
    client.force_login(lead)
    response = client.post(url(draft), CONFIRMED)
    assert b"Not submitted" in response.content
    assert b'name="confirm_read"' not in response.content
    assert Assessment.objects.get(pk=draft.pk).status == Status.DRAFT


def test_it_is_read_only_after_submission(client, lead, complete_draft):
    client.force_login(lead)
    client.post(url(complete_draft), CONFIRMED)
    summary = reverse("assessment_section", args=[complete_draft.pk, "summary"])
    assert b"<textarea" not in client.get(summary).content
    client.post(summary, {"version": complete_draft.version + 1, "summary": "Changed after submitting."})
    assert Assessment.objects.get(pk=complete_draft.pk).summary == complete_draft.summary
    again = client.post(url(complete_draft), CONFIRMED, follow=True)
    assert b"cannot be submitted" in again.content


def test_a_returned_assessment_can_be_submitted_again(client, co_assessor, complete_draft):
    Assessment.objects.filter(pk=complete_draft.pk).update(status=Status.RETURNED, return_comment="Fix it.")
    client.force_login(co_assessor)
    client.post(url(complete_draft), CONFIRMED)
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["other_assessor", "headteacher", "director"])
def test_only_the_assigned_assessors_submit(client, request, complete_draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(complete_draft), CONFIRMED).status_code == 404
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.DRAFT


@pytest.mark.parametrize("who", ["other_assessor", "headteacher"])
def test_the_checklist_is_hidden_from_people_not_on_the_team(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(draft)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, complete_draft):
    assert client.post(url(complete_draft), CONFIRMED).url.startswith(reverse("login"))
    assert Assessment.objects.get(pk=complete_draft.pk).status == Status.DRAFT
