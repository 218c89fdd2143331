"""The outcome page speaks as its kind of visit does: a Centre of Excellence or Flagship review
asks for the years to its next annual review, with help and an example for that award — not
"Reassessed in", the Inclusive School Award or the 2010 letter's recommendation."""

import html

import pytest
from django.urls import reverse

from assessments.forms import OutcomeForm, outcome_words
from assessments.kinds import VisitKind, kind_for
from assessments.models import Status
from tests.factories import AssessmentFactory


def outcome_page(client, assessment) -> str:
    client.force_login(assessment.lead_assessor)
    response = client.get(reverse("assessment_section", args=[assessment.pk, "outcome"]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("code", [VisitKind.COE_REVIEW, VisitKind.FLAGSHIP_REVIEW])
def test_a_review_asks_for_its_next_annual_review(client, code):
    kind = kind_for(code)
    page = outcome_page(client, AssessmentFactory(kind=code))
    assert "Next annual review in (years)" in page
    assert f"Usually 1 for a {kind.name}." in page
    assert f"keeps the {kind.award_level.name} award and has its next annual review in 1 year’s time" in page
    for words in ("Reassessed in", "Reassessment", "Inclusive School Award", "Inclusion Quality Mark …"):
        assert words not in page, words


@pytest.mark.django_db
def test_an_assessment_asks_for_its_reassessment(client):
    page = outcome_page(client, AssessmentFactory(kind=VisitKind.ASSESSMENT))
    assert "Next reassessment in (years)" in page
    assert "Usually 3 for an IQM assessment." in page
    assert "be awarded the Inclusive School Award and have its next reassessment in 3 years’ time" in page
    assert "Centre of Excellence" not in page


@pytest.mark.django_db
def test_a_form_shown_again_with_an_error_keeps_the_kinds_words(client):
    assessment = AssessmentFactory(kind=VisitKind.COE_REVIEW)
    client.force_login(assessment.lead_assessor)
    response = client.post(
        reverse("assessment_section", args=[assessment.pk, "outcome"]),
        {"version": assessment.version, "outcome": "yes", "reassessment_years": "11", "recommendation": ""},
    )
    page = html.unescape(response.content.decode())
    assert "The interval is between 1 and 10 years." in page
    assert "Next annual review in (years)" in page
    assert "Reassess" not in page


@pytest.mark.django_db
def test_every_kind_has_its_own_words_read_from_its_row():
    kind = kind_for(VisitKind.COE_ASSESSMENT)
    kind.name = "Centre of Excellence visit"
    kind.default_interval_years = 2
    words = outcome_words(kind)
    assert words["interval_label"] == "Next annual review in (years)"
    assert words["interval_help"] == "Usually 2 for a Centre of Excellence visit."
    assert (
        "be awarded the Centre of Excellence award and have its next annual review in 2 years’ time"
        in (words["recommendation_help"])
    )
    form = OutcomeForm().for_kind(kind)
    assert form.fields["reassessment_years"].label == "Next annual review in (years)"


@pytest.mark.django_db
def test_the_read_only_outcome_says_the_kinds_renewal(client, director):
    assessment = AssessmentFactory(kind=VisitKind.COE_REVIEW, status=Status.SUBMITTED)
    client.force_login(assessment.lead_assessor)
    page = html.unescape(
        client.get(reverse("assessment_section", args=[assessment.pk, "outcome"])).content.decode()
    )
    assert "Next annual review in" in page
    assert "Reassess" not in page


@pytest.mark.django_db
def test_what_a_review_lacks_names_no_reassessment():
    from assessments.completeness import missing_parts

    assessment = AssessmentFactory(kind=VisitKind.COE_REVIEW, outcome="yes", reassessment_years=None)
    labels = [part.label for part in missing_parts(assessment)]
    assert "The number of years to the next visit is missing" in labels
    assert not any("eassess" in label for label in labels)
