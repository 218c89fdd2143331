"""Inserting a statement: its text is copied into the list (each kind of list), it counts a
use, and the letter keeps the text — editing or retiring the statement changes no letter."""

import pytest
from django.urls import reverse

from assessments.kinds import VisitKind
from assessments.models import Statement
from library import services
from library.models import LibraryStatement
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def _insert(client, assessment, statement, **data):
    return client.post(
        reverse("library_insert", args=[assessment.pk, statement.pk]), {"kind": statement.kind, **data}
    )


@pytest.mark.parametrize(
    ("kind", "element", "host"),
    [
        ("key_success", None, "key_successes/#list-key_success"),
        ("minor_area", None, "minor_areas/#list-minor_area"),
        ("strength", 3, "elements/3/#list-strength"),
        ("area", 3, "elements/3/#list-area"),
    ],
)
def test_inserting_copies_the_text_into_each_of_the_letters_lists(
    client, lead, director, draft, kind, element, host
):
    statement = services.statement_add(by=director, kind=kind, text="Every pupil is known well.")
    client.force_login(lead)
    response = _insert(client, draft, statement, **({"element": element} if element else {}))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{draft.pk}/{host}"
    [item] = Statement.objects.filter(assessment=draft, kind=kind)
    assert item.text == "Every pupil is known well."
    assert (item.finding.element.number if item.finding_id else None) == element
    statement.refresh_from_db()
    assert statement.uses == 1


def test_inserting_a_target_fills_in_the_targets_form(client, lead, director):
    review = AssessmentFactory(kind=VisitKind.COE_REVIEW, lead_assessor=lead)
    statement = services.statement_add(by=director, kind="target", text="Extend peer mentoring to year 7.")
    client.force_login(lead)
    response = _insert(client, review, statement)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("continuity_targets_add", args=[review.pk]) in page
    assert "Extend peer mentoring to year 7.</textarea>" in page
    # The targets page's own form then adds it, as the assessor edited it.
    client.post(
        reverse("continuity_targets_add", args=[review.pk]),
        {
            "targets-add-text": "Extend peer mentoring to years 7 and 8.",
            "targets-add-lead": "",
            "targets-add-by_when": "",
        },
    )
    assert list(review.targets.values_list("text", flat=True)) == ["Extend peer mentoring to years 7 and 8."]
    statement.refresh_from_db()
    assert statement.uses == 1


def test_the_combobox_counts_a_use(client, lead, director, draft):
    statement = services.statement_add(by=director, kind="key_success", text="Inclusion is everyone's work.")
    client.force_login(lead)
    response = client.post(reverse("library_use", args=[draft.pk, statement.pk]))
    assert response.status_code == 204
    assert LibraryStatement.objects.get(pk=statement.pk).uses == 1


def test_a_refused_insertion_counts_nothing(client, lead, director, draft):
    statement = services.statement_add(by=director, kind="strength", text="A strength.")
    draft.status = "submitted"
    draft.save()
    client.force_login(lead)
    response = _insert(client, draft, statement, element=1)
    assert response.status_code == 302
    assert not Statement.objects.filter(assessment=draft).exists()
    assert LibraryStatement.objects.get(pk=statement.pk).uses == 0


def test_a_statement_for_another_list_is_not_inserted(client, lead, director, draft):
    statement = services.statement_add(by=director, kind="strength", text="A strength.")
    client.force_login(lead)
    response = client.post(reverse("library_insert", args=[draft.pk, statement.pk]), {"kind": "key_success"})
    assert response.status_code == 404
    assert not Statement.objects.filter(assessment=draft).exists()


def test_a_retired_statement_leaves_letters_as_they_were(client, lead, director, draft):
    statement = services.statement_add(by=director, kind="key_success", text="Pupils feel safe.")
    client.force_login(lead)
    _insert(client, draft, statement)
    services.statement_edit(
        statement=statement, by=director, kind="key_success", text="Pupils feel safe and happy."
    )
    services.statement_retire(statement=statement, by=director)
    assert list(Statement.objects.filter(assessment=draft).values_list("text", flat=True)) == [
        "Pupils feel safe."
    ]
    # Retired: not found, and not inserted again.
    assert _insert(client, draft, statement).status_code == 404


def test_only_the_assessments_assessors_insert(client, other_assessor, director, draft):
    statement = services.statement_add(by=director, kind="key_success", text="Pupils feel safe.")
    client.force_login(other_assessor)
    assert _insert(client, draft, statement).status_code == 404
    client.force_login(director)
    assert _insert(client, draft, statement).status_code == 404
    assert not Statement.objects.filter(assessment=draft).exists()


def test_the_new_items_field_has_the_search(client, lead, draft):
    client.force_login(lead)
    page = client.get(reverse("assessment_element", args=[draft.pk, 2])).content.decode()
    assert 'role="combobox"' in page and 'aria-controls="library-strength-options"' in page
    assert f"/assessments/{draft.pk}/library/?kind=strength&amp;element=2" in page
    assert 'data-library-target="id_strength-add-text"' in page
