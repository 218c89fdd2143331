"""The portal and the director's pages say what renews the school's award: an annual review for
a Centre of Excellence or Flagship, a reassessment for the Inclusive School Award; the school
list shows each school's award level and whether it has lapsed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.kinds import VisitKind
from tests.factories import AssessmentFactory, SchoolFactory, fill_complete


def issue(school, lead, director, *, kind, letter_date, years):
    assessment = fill_complete(AssessmentFactory(school=school, lead_assessor=lead, kind=kind))
    assessment.letter_date = letter_date
    assessment.reassessment_years = years
    assessment.save()
    services.assessment_submit(assessment=assessment, by=lead)
    return services.assessment_confirm(assessment=assessment, by=director)


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "years", "due", "not_due"),
    [
        (VisitKind.COE_REVIEW, 1, "Annual review is due.", "Reassessment is due."),
        (VisitKind.FLAGSHIP_REVIEW, 1, "Annual review is due.", "Reassessment is due."),
        (VisitKind.REASSESSMENT, 3, "Reassessment is due.", "Annual review is due."),
    ],
)
def test_the_portal_says_what_is_due_for_the_kind(
    client, headteacher, school, lead, director, kind, years, due, not_due
):
    letter_date = timezone.localdate() - datetime.timedelta(days=366 * years + 10)
    issue(school, lead, director, kind=kind, letter_date=letter_date, years=years)
    portal = page(client, headteacher, reverse("home"))
    assert due in portal
    assert not_due not in portal


@pytest.mark.django_db
def test_a_current_centre_of_excellence_shows_its_next_annual_review(
    client, headteacher, school, lead, director
):
    issue(school, lead, director, kind=VisitKind.COE_REVIEW, letter_date=timezone.localdate(), years=1)
    portal = page(client, headteacher, reverse("home"))
    assert "Centre of Excellence" in portal
    assert "Annual review due" in portal
    assert "Reassessment due" not in portal
    director_page = page(client, director, reverse("school_detail", args=[school.pk]))
    assert "Annual review due" in director_page


@pytest.mark.django_db
def test_the_school_list_shows_award_levels_and_lapsed_awards(client, lead, director):
    today = timezone.localdate()
    current = SchoolFactory(name="Current Centre")
    lapsed = SchoolFactory(name="Lapsed Primary")
    SchoolFactory(name="Never Assessed")
    issue(current, lead, director, kind=VisitKind.COE_REVIEW, letter_date=today, years=1)
    issue(
        lapsed,
        lead,
        director,
        kind=VisitKind.ASSESSMENT,
        letter_date=today.replace(year=today.year - 4),
        years=3,
    )
    listing = page(client, director, reverse("school_list"))
    rows = {
        name: listing.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("Current Centre", "Lapsed Primary", "Never Assessed")
    }
    assert "Centre of Excellence" in rows["Current Centre"] and "lapsed" not in rows["Current Centre"]
    assert "Inclusive School Award" in rows["Lapsed Primary"] and "lapsed" in rows["Lapsed Primary"]
    assert "None" in rows["Never Assessed"]


@pytest.mark.django_db
def test_the_directors_expiring_list_offers_the_renewal_each_award_needs(client, lead, director):
    today = timezone.localdate()
    centre = SchoolFactory(name="Expiring Centre")
    mark = SchoolFactory(name="Expiring Mark")
    issue(
        centre,
        lead,
        director,
        kind=VisitKind.COE_REVIEW,
        letter_date=today - datetime.timedelta(days=330),
        years=1,
    )
    issue(
        mark,
        lead,
        director,
        kind=VisitKind.ASSESSMENT,
        letter_date=today - datetime.timedelta(days=3 * 365 - 30),
        years=3,
    )
    home = page(client, director, reverse("home"))
    assert 'Schedule the annual review<span class="visually-hidden"> of Expiring Centre' in home
    assert 'Schedule the reassessment<span class="visually-hidden"> of Expiring Mark' in home
