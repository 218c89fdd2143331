"""A letter corrected twice: both earlier letters are superseded, and each points to the newest
letter, not merely to the next one in the chain of corrections (reports.verification)."""

import pytest
from django.urls import reverse

from assessments import services
from reports import verification
from reports.models import IssuedReport

pytestmark = pytest.mark.django_db


def correct(assessment, *, director, lead, reason):
    """Reopen the confirmed assessment, submit and confirm the revision; returns its report."""
    revision = services.assessment_reopen(assessment=assessment, by=director, reason=reason)
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    return IssuedReport.objects.get(assessment=revision)


def test_every_superseded_letter_of_a_letter_corrected_twice_points_to_the_newest(
    client, confirmed, director, lead
):
    original = IssuedReport.objects.get(assessment=confirmed)
    first = correct(confirmed, director=director, lead=lead, reason="A typing error.")
    newest = correct(first.assessment, director=director, lead=lead, reason="Another typing error.")
    assert len({original.verification_code, first.verification_code, newest.verification_code}) == 3

    for superseded in (original, first):
        status = verification.letter_status(superseded)
        assert (status.state, status.newer) == ("superseded", newest)
        assert status.explanation == (
            f"This letter was corrected: revision {newest.assessment.revision} replaces it."
        )
        page = client.get(reverse("verify_letter", args=[superseded.verification_code])).content.decode()
        assert "Superseded." in page
        assert f'href="{reverse("verify_letter", args=[newest.verification_code])}"' in page
    original_page = client.get(reverse("verify_letter", args=[original.verification_code])).content.decode()
    assert f'href="{reverse("verify_letter", args=[first.verification_code])}"' not in original_page
    assert verification.letter_status(newest).state == "current"


def test_the_newest_revision_of_a_chain_is_its_last_confirmed_one(confirmed, director, lead):
    first = correct(confirmed, director=director, lead=lead, reason="A typing error.")
    newest = correct(first.assessment, director=director, lead=lead, reason="Another typing error.")
    assert verification.newest_revision(confirmed) == newest.assessment
    assert verification.newest_revision(first.assessment) == newest.assessment
    # A third correction still in draft does not replace the newest letter.
    services.assessment_reopen(assessment=newest.assessment, by=director, reason="Not yet confirmed.")
    assert verification.newest_revision(confirmed) == newest.assessment
