"""The editor names a field by the label its form gives it: the conflict panel and the read-only
pages read the forms' labels rather than copies of them."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.forms import ContextForm, FindingForm, OutcomeForm, field_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def relabelled(monkeypatch):
    """Give some editor fields new labels, as a change to the forms would."""
    for form_class, name, label in (
        (ContextForm, "context", "Zebra crossings"),
        (OutcomeForm, "outcome", "Passed with flying colours"),
        (OutcomeForm, "recommendation", "Advice to the panel"),
        (FindingForm, "narrative", "The story so far"),
    ):
        monkeypatch.setattr(form_class.base_fields[name], "label", label)


def test_it_names_a_field_by_its_forms_label():
    assert field_label("summary") == "Summary"
    assert field_label("context") == ContextForm.base_fields["context"].label
    assert field_label("visit_end") == "Last day of the visit"
    assert field_label("text") == "Text"
    # A checkbox whose label is a sentence is named by its form's short label.
    assert field_label("no_significant_areas") == "“No significant areas for development”"


def test_the_conflict_panel_names_the_field_as_its_form_does(relabelled, lead, co_assessor, draft):
    first, second = Client(), Client()
    first.force_login(lead)
    second.force_login(co_assessor)
    url = reverse("assessment_section", args=[draft.pk, "context"])
    assert first.post(url, {"version": draft.version, "context": "First."}).status_code == 302
    response = second.post(url, {"version": draft.version, "context": "Second."})
    assert response.status_code == 409
    assert "Your zebra crossings" in response.content.decode()
    assert "The newer zebra crossings" in response.content.decode()


def test_the_read_only_pages_label_their_parts_as_the_forms_do(relabelled, client, director, submitted):
    client.force_login(director)
    outcome = client.get(reverse("assessment_section", args=[submitted.pk, "outcome"])).content.decode()
    assert "Passed with flying colours</dt>" in outcome
    assert "Advice to the panel</h2>" in outcome
    element = client.get(reverse("assessment_element", args=[submitted.pk, 1])).content.decode()
    assert "The story so far</h2>" in element
