"""The continuity pages save each field as the element pages do (issue 26, item 1): a carried
item's progress and comment, a target's and a key step's fields, each on its own through an
autosave view answering JSON for editor.js, with the version per row and the same refusals
("conflict", "invalid", "read_only"); the answer carries the page's status."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Status
from continuity import services
from continuity.models import CarriedItem, ResearchStep, Target
from tests.continuity.test_continuity_pages import area, coe, earlier, flagship  # noqa: F401

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def carried_url(item):
    return reverse("continuity_progress_autosave", args=[item.assessment_id, item.pk])


def row_url(kind, row):
    return reverse(f"continuity_{kind}_autosave", args=[row.assessment_id, row.pk])


def autosave(client, url, field, value, version):
    return client.post(url, {"field": field, field: value, "version": version}, headers=JSON)


def test_a_carried_items_comment_and_progress_save_one_at_a_time(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    client.force_login(lead)
    answer = autosave(client, carried_url(item), "comment", "Begun in two classes.", item.version).json()
    assert answer["ok"] is True and answer["version"] == item.version + 1
    answer = autosave(client, carried_url(item), "progress", "partly_met", answer["version"]).json()
    assert answer["ok"] is True
    item.refresh_from_db()
    assert (item.progress, item.comment) == ("partly_met", "Begun in two classes.")


def test_saving_one_item_leaves_the_others_as_they_were(client, lead, flagship):  # noqa: F811
    first, second = CarriedItem.objects.filter(assessment=flagship).order_by("source", "position")[:2]
    client.force_login(lead)
    autosave(client, carried_url(first), "comment", "First comment.", first.version)
    autosave(client, carried_url(second), "comment", "Second comment.", second.version)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.comment, second.comment) == ("First comment.", "Second comment.")


def test_the_answer_carries_the_sidebar_and_the_still_to_do_box(client, lead, flagship):  # noqa: F811
    client.force_login(lead)
    items = list(CarriedItem.objects.filter(assessment=flagship))
    for item in items[:-1]:
        services.progress_record(
            assessment=flagship, by=lead, item_id=item.pk, progress="met", comment="", version=item.version
        )
    last = items[-1]
    status = autosave(client, carried_url(last), "progress", "met", last.version).json()["status"]
    nav = status["pages-nav"]
    previous = nav[nav.index(reverse("continuity_previous", args=[flagship.pk])) :]
    assert previous.index("(complete)") < previous.index("</li>")
    assert "Still to do" not in status["still-to-do"]


def test_a_newer_version_is_a_conflict_and_changes_nothing(client, lead, co_assessor, flagship):  # noqa: F811
    item = area(flagship)
    services.progress_record(
        assessment=flagship, by=co_assessor, item_id=item.pk, progress="met", comment="Theirs.", version=1
    )
    client.force_login(lead)
    response = autosave(client, carried_url(item), "comment", "Mine.", 1)
    assert response.status_code == 409
    answer = response.json()
    assert (answer["kind"], answer["theirs"], answer["version"]) == ("conflict", "Theirs.", 2)
    assert "Your comment" in answer["html"]
    item.refresh_from_db()
    assert item.comment == "Theirs."


def test_a_bad_progress_value_is_invalid(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    client.force_login(lead)
    response = autosave(client, carried_url(item), "progress", "smashed", item.version)
    assert response.status_code == 400 and response.json()["kind"] == "invalid"
    item.refresh_from_db()
    assert item.progress == ""


def test_a_submitted_visit_refuses_as_read_only(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    Assessment.objects.filter(pk=flagship.pk).update(status=Status.SUBMITTED)
    client.force_login(lead)
    response = autosave(client, carried_url(item), "comment", "Late.", item.version)
    assert response.status_code == 409 and response.json()["kind"] == "read_only"


def test_an_unknown_field_is_404(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    client.force_login(lead)
    assert autosave(client, carried_url(item), "text", "Rewritten.", item.version).status_code == 404


def test_a_targets_fields_save_one_at_a_time(client, lead, coe):  # noqa: F811
    target = services.target_add(assessment=coe, by=lead, text="Open a hub.", lead="Ann")
    client.force_login(lead)
    answer = autosave(client, row_url("targets", target), "by_when", "July 2027", target.version).json()
    assert answer["ok"] is True
    answer = autosave(client, row_url("targets", target), "text", "Open two hubs.", answer["version"]).json()
    target.refresh_from_db()
    assert (target.text, target.lead, target.by_when) == ("Open two hubs.", "Ann", "July 2027")
    blank = autosave(client, row_url("targets", target), "text", "   ", answer["version"])
    assert blank.status_code == 400 and blank.json()["kind"] == "invalid"
    assert Target.objects.get(pk=target.pk).text == "Open two hubs."


def test_a_key_steps_progress_saves_on_its_own(client, lead, flagship):  # noqa: F811
    step = ResearchStep.objects.filter(assessment=flagship).first()
    client.force_login(lead)
    answer = autosave(client, row_url("steps", step), "progress", "met", step.version).json()
    assert answer["ok"] is True
    answer = autosave(client, row_url("steps", step), "comment", "Survey done.", answer["version"]).json()
    step.refresh_from_db()
    assert (step.step, step.progress, step.comment) == ("Survey pupils.", "met", "Survey done.")


def test_the_pages_mark_their_fields_for_autosave(client, lead, flagship):  # noqa: F811
    item = area(flagship)
    client.force_login(lead)
    html = client.get(reverse("continuity_previous", args=[flagship.pk])).content.decode()
    assert f'data-autosave-url="{carried_url(item)}"' in html
    assert 'data-autosave-field="progress"' in html and 'data-autosave-field="comment"' in html
    step = ResearchStep.objects.filter(assessment=flagship).first()
    edit = reverse("continuity_steps_edit", args=[flagship.pk, step.pk])
    html = client.get(edit, headers={"HX-Request": "true"}).content.decode()
    assert f'data-autosave-url="{row_url("steps", step)}"' in html


def test_the_research_projects_title_saves_as_it_is_typed(client, lead, flagship):  # noqa: F811
    from continuity.models import ResearchProject

    project = ResearchProject.objects.get(assessment=flagship)
    url = reverse("continuity_research_title_autosave", args=[flagship.pk])
    client.force_login(lead)
    html = client.get(reverse("continuity_research", args=[flagship.pk])).content.decode()
    assert f'data-autosave-url="{url}"' in html
    answer = autosave(client, url, "title", "Reading for life", project.version).json()
    assert answer["ok"] is True
    assert ResearchProject.objects.get(pk=project.pk).title == "Reading for life"
    blank = autosave(client, url, "title", "  ", answer["version"])
    assert blank.status_code == 400 and blank.json()["kind"] == "invalid"
    stale = autosave(client, url, "title", "Mine", project.version)
    assert stale.status_code == 409 and stale.json()["theirs"] == "Reading for life"
    assert ResearchProject.objects.get(pk=project.pk).title == "Reading for life"
