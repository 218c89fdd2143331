"""The director's home: submitted assessments waiting for review first, then visits coming up,
assessments in draft, and awards expiring within six months."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.dates import add_months, add_years, plain_date
from assessments.models import Assessment
from desk.selectors import HOME_LIMIT, awards_expiring, expiring_rows, expiring_values
from tests.factories import AssessmentFactory, DirectorFactory, SchoolFactory, fill_complete


def years_before(day, years):
    return add_years(day, -years)


def confirmed_award(school, *, letter_date, years=3, lead=None):
    """A confirmed successful assessment with this letter date, issued through the services."""
    director = DirectorFactory()
    assessment = fill_complete(AssessmentFactory(school=school, **({"lead_assessor": lead} if lead else {})))
    assessment.letter_date = letter_date
    assessment.reassessment_years = years
    assessment.save()
    services.assessment_submit(assessment=assessment, by=assessment.lead_assessor)
    return services.assessment_confirm(assessment=assessment, by=director)


def home(client, director) -> str:
    client.force_login(director)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_four_lists_in_order(client, director):
    today = timezone.localdate()
    waiting = fill_complete(AssessmentFactory(school=SchoolFactory(name="Waiting School")))
    services.assessment_submit(assessment=waiting, by=waiting.lead_assessor)
    AssessmentFactory(
        school=SchoolFactory(name="Coming School"),
        visit_start=today + datetime.timedelta(days=10),
        visit_end=today + datetime.timedelta(days=11),
    )
    AssessmentFactory(
        school=SchoolFactory(name="Drafting School"),
        visit_start=today - datetime.timedelta(days=10),
        visit_end=today - datetime.timedelta(days=9),
    )
    expiring_school = SchoolFactory(name="Expiring School")
    confirmed_award(expiring_school, letter_date=years_before(add_months(today, 2), 3))
    page = home(client, director)
    headings = ["Waiting for your review", "Visits coming up", "In draft", "Awards expiring within 6 months"]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # Each list's part of the page, from its heading to the next one (an Overdue list may come first).
    sections = {next((h for h in headings if h in part), None): part for part in page.split("<h2")}
    assert "Waiting School" in sections["Waiting for your review"]
    assert "Coming School" in sections["Visits coming up"]
    assert "Drafting School" in sections["In draft"]
    assert "Expiring School" in sections["Awards expiring within 6 months"]
    assert reverse("review_assessment", args=[waiting.pk]) in sections["Waiting for your review"]


@pytest.mark.django_db
def test_each_list_is_cut_short_with_a_link_to_all_of_it(client, director):
    today = timezone.localdate()
    for n in range(HOME_LIMIT + 2):
        AssessmentFactory(
            visit_start=today + datetime.timedelta(days=n + 1),
            visit_end=today + datetime.timedelta(days=n + 1),
        )
    page = home(client, director)
    section = next(part for part in page.split("<h2") if "Visits coming up" in part)
    assert section.count("<tr>") == HOME_LIMIT + 1  # the header row and the first rows
    assert f"See all {HOME_LIMIT + 2}" in section
    everything = client.get(reverse("review_list", args=["coming"])).content.decode()
    assert everything.count("<tr>") == HOME_LIMIT + 3


@pytest.mark.django_db
def test_awards_expiring_leave_out_renewed_and_corrected_awards(lead, director):
    today = timezone.localdate()
    soon = add_months(today, 3)
    renewed, corrected, far, expired, due = (SchoolFactory() for _ in range(5))
    confirmed_award(renewed, letter_date=years_before(soon, 3))
    confirmed_award(renewed, letter_date=today - datetime.timedelta(days=30))
    original = confirmed_award(corrected, letter_date=years_before(soon, 3), lead=lead)
    revision = services.assessment_reopen(assessment=original, by=director, reason="Wrong date.")
    revision.letter_date = today - datetime.timedelta(days=10)
    revision.save()
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    confirmed_award(far, letter_date=years_before(add_months(today, 8), 3))
    confirmed_award(expired, letter_date=years_before(today - datetime.timedelta(days=3), 3))
    expiring = confirmed_award(due, letter_date=years_before(soon, 1), years=1)
    AssessmentFactory(school=due)  # a visit in hand
    result = list(awards_expiring(today))
    assert [school.pk for school in result] == [due.pk]
    assert result[0].newest_award == expiring
    assert result[0].award_expires_on == expiring.valid_until == soon
    # The page's rows: the same schools, each marked when it has a visit in hand.
    (row,) = expiring_rows(expiring_values(today))
    assert row["detail_url"] == reverse("school_detail", args=[due.pk])
    assert row["award_url"] == reverse("review_assessment", args=[expiring.pk])
    assert row["scheduled"]


@pytest.mark.django_db
def test_an_expiring_award_without_a_visit_in_hand_offers_to_schedule_one(client, director):
    today = timezone.localdate()
    school = SchoolFactory(name="Renewing <School>")
    award = confirmed_award(school, letter_date=years_before(add_months(today, 2), 3))
    page = home(client, director)
    section = next(part for part in page.split("<h2") if "Awards expiring" in part)
    assert f'href="{reverse("visit_schedule")}?school={school.pk}">Schedule the reassessment' in section
    assert '<span class="visually-hidden"> of Renewing &lt;School&gt;</span>' in section
    assert f"<td>{plain_date(award.letter_date)}</td>" in section
    assert f"<td>{plain_date(award.valid_until)}</td>" in section
    AssessmentFactory(school=school)  # now a visit in hand
    section = next(part for part in home(client, director).split("<h2") if "Awards expiring" in part)
    assert "<td>In hand</td>" in section


@pytest.mark.django_db
def test_a_non_director_never_gets_the_directors_home(client, lead):
    from django.http import Http404
    from django.test import RequestFactory

    from desk.homes import director_home

    request = RequestFactory().get("/")
    request.user = lead
    with pytest.raises(Http404):
        director_home(request)
    client.force_login(lead)
    assert "Waiting for your review" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_it_runs_a_fixed_number_of_queries(client, director, django_assert_max_num_queries):
    today = timezone.localdate()

    def add_some():
        waiting = fill_complete(AssessmentFactory())
        services.assessment_submit(assessment=waiting, by=waiting.lead_assessor)
        AssessmentFactory(
            visit_start=today + datetime.timedelta(days=5), visit_end=today + datetime.timedelta(days=5)
        )
        AssessmentFactory(
            visit_start=today - datetime.timedelta(days=5), visit_end=today - datetime.timedelta(days=5)
        )
        confirmed_award(SchoolFactory(), letter_date=years_before(add_months(today, 1), 3))

    add_some()
    client.force_login(director)
    # Fourteen of them are the page's own: the rows of each of the four lists, their numbers and
    # the expiring awards' visits in hand (desk.selectors), and the overdue list's five
    # (desk.overdue): one a stage, at most 20 rows each, and the names of the schools shown.
    with django_assert_max_num_queries(21) as few:
        client.get(reverse("home"))
    for _ in range(12):
        add_some()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert page.count("See all 13") == 4
    assert Assessment.objects.count() == 13 * 4


@pytest.mark.django_db
def test_a_row_writes_each_cell_as_the_page_shows_it(client, director):
    from desk.selectors import assessment_rows, assessment_values

    lead = AssessmentFactory().lead_assessor
    lead.first_name, lead.last_name = "", ""
    lead.save()
    undated = AssessmentFactory(lead_assessor=lead, visit_start=None, visit_end=None, revision=2)
    submitted = fill_complete(AssessmentFactory(school=SchoolFactory(name="O'Brien <Academy>")))
    services.assessment_submit(assessment=submitted, by=submitted.lead_assessor)
    submitted.refresh_from_db()
    rows = assessment_rows(assessment_values(Assessment.objects.filter(pk=undated.pk)))
    assert rows[0]["kind"] == f"{undated.kind.name}, revision 2"
    assert rows[0]["visit"] == "Not fixed"
    assert rows[0]["lead"] == lead.username == str(lead)
    assert (rows[0]["badge"], rows[0]["status"]) == ("text-bg-secondary", "Draft")
    (row,) = assessment_rows(assessment_values(Assessment.objects.filter(pk=submitted.pk)))
    local = timezone.localtime(submitted.submitted_at)
    assert row["submitted"] == f"{local.day} {local:%B} {local.year}, {local:%H:%M}"
    assert (row["badge"], row["status"], row["lead"]) == (
        "text-bg-warning",
        "Submitted",
        str(submitted.lead_assessor),
    )
    page = home(client, director)
    assert "O&#x27;Brien &lt;Academy&gt;" in page
    assert f"<td>{row['submitted']}</td>" in page
