"""The director's home says what it means: an overdue stage is named by what is due (a draft
past its date is a "Report due"), every list names a school the same way (its name), and the
Award column of expiring awards shows the award level, not the kind of visit."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.dates import add_months, add_years
from assessments.kinds import VisitKind
from tests.factories import AssessmentFactory, SchoolFactory, fill_complete


def home(client, director) -> str:
    client.force_login(director)
    return client.get(reverse("home")).content.decode()


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


@pytest.mark.django_db
def test_a_draft_past_its_report_date_is_a_report_due_not_a_report_submitted(client, director):
    visit = timezone.localdate() - datetime.timedelta(days=60)
    AssessmentFactory(visit_start=visit, visit_end=visit, school__name="Slow School")
    overdue = section(home(client, director), "h-overdue")
    assert "Report due" in overdue
    assert "Self-evaluation due" in overdue
    assert "submitted" not in overdue.lower()


@pytest.mark.django_db
def test_every_list_names_the_school_by_its_name(client, director):
    school = SchoolFactory(name="Oakfield Primary School", addressed_name="Oakfield School")
    visit = timezone.localdate() - datetime.timedelta(days=60)
    AssessmentFactory(school=school, visit_start=visit, visit_end=visit)
    page = home(client, director)
    for heading in ("h-overdue", "h-drafts"):
        assert ">Oakfield Primary School</a>" in section(page, heading), heading
    assert "Oakfield School<" not in page


@pytest.mark.django_db
def test_the_award_column_shows_the_award_level(client, director):
    today = timezone.localdate()
    school = SchoolFactory(name="Review School")
    review = fill_complete(AssessmentFactory(school=school, kind=VisitKind.COE_REVIEW))
    review.letter_date = add_years(add_months(today, 2), -1)
    review.reassessment_years = 1
    review.save()
    services.assessment_submit(assessment=review, by=review.lead_assessor)
    services.assessment_confirm(assessment=review, by=director)
    expiring = section(home(client, director), "h-expiring")
    cell = re.search(r"<td><a href=\"[^\"]+\">(.*?)</a></td>", expiring).group(1)
    assert cell.startswith("Centre of Excellence<span")
    assert "(Centre of Excellence review)" in cell  # the kind of visit, for a screen reader only
