"""Reads for the director's pages: the lists on the director's home page and behind its "see
all" links (desk.review.review_list), each a queryset for a day, in a fixed number of
queries however many assessments and schools there are.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.db.models import Q, QuerySet

from assessments.awards import EXPIRY_WINDOW_MONTHS
from assessments.dates import add_months, plain_date_range
from assessments.models import Assessment, Status
from desk.links import id_link
from schools.models import School

HOME_LIMIT = 10

# What a row of the lists shows (review/_section_table.html): only these columns are read. Every
# list names a school by its name (School.name), as the schools list does; the name the letter
# addresses it by is for the letter and the school's own pages.
_LIST_COLUMNS = (
    "school__name",
    "kind__name",
    "status",
    "revision",
    "visit_start",
    "visit_end",
    "submitted_at",
    "lead_assessor__first_name",
    "lead_assessor__last_name",
    "lead_assessor__username",
)


def _listed(assessments: QuerySet) -> QuerySet:
    """Assessments as the lists show them: with their school and lead assessor, and only the
    columns a row shows."""
    return assessments.select_related("school", "lead_assessor", "kind").only(*_LIST_COLUMNS)


def waiting_for_review() -> QuerySet:
    """Submitted assessments, the longest waiting first."""
    return _listed(Assessment.objects.filter(status=Status.SUBMITTED)).order_by("submitted_at", "pk")


def visits_coming_up(today: datetime.date) -> QuerySet:
    """Drafts whose visit is today or later, the soonest first."""
    open_visits = Assessment.objects.filter(
        status__in=[Status.DRAFT, Status.RETURNED], visit_start__gte=today
    )
    return _listed(open_visits).order_by("visit_start", "pk")


def in_draft(today: datetime.date) -> QuerySet:
    """Drafts and returned assessments being written up: the visit has started or has no date."""
    being_written = Assessment.objects.filter(status__in=[Status.DRAFT, Status.RETURNED]).filter(
        Q(visit_start__lt=today) | Q(visit_start__isnull=True)
    )
    return _listed(being_written).order_by("-status", "visit_start", "pk")


def awards_expiring(today: datetime.date, *, months: int = EXPIRY_WINDOW_MONTHS) -> QuerySet:
    """Schools whose newest award runs out between today and `months` from now, the soonest
    first, each with its award (`newest_award`). mark_scheduled says which have a visit in hand.

    An award a newer one has replaced, or a confirmed revision has corrected, is not the
    school's newest, so it is not listed. A range of school_award_expiry_idx, however many
    schools there are (see assessments.awards on how the school's newest award is kept)."""
    return (
        School.objects.filter(award_expires_on__gte=today, award_expires_on__lte=add_months(today, months))
        .select_related("newest_award__kind__award_level")
        .only(
            "name",
            "award_expires_on",
            *(
                f"newest_award__{name}"
                for name in (
                    "kind__name",
                    "kind__award_level__name",
                    "kind__award_level__renewal",
                    "letter_date",
                    "confirmed_at",
                )
            ),
        )
        .order_by("award_expires_on", "pk")
    )


def mark_scheduled(schools: list[School]) -> list[School]:
    """Set `scheduled` on each school: whether it has a visit in hand (an assessment in draft,
    submitted or returned). One query for the page of schools shown."""
    open_visits = set(
        Assessment.objects.filter(
            school__in=schools, status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
        )
        .order_by()
        .values_list("school_id", flat=True)
    )
    for school in schools:
        school.scheduled = school.pk in open_visits
    return schools


def with_links(assessments) -> list[Assessment]:
    """The assessments of a list's rows, each with its review page's address (`review_url`) and
    its visit's dates as the pages write them (`visit_dates`): worked out here once for the
    page rather than by a tag a row."""
    review = id_link("review_assessment")
    rows = list(assessments)
    for assessment in rows:
        assessment.review_url = review(assessment.pk)
        assessment.visit_dates = plain_date_range(assessment.visit_start, assessment.visit_end)
    return rows


def schools_with_links(schools) -> list[School]:
    """The expiring list's schools, marked (mark_scheduled), each with the addresses of its page
    (`detail_url`) and of its newest award's assessment (`award_url`)."""
    detail, review = id_link("school_detail"), id_link("review_assessment")
    rows = mark_scheduled(list(schools))
    for school in rows:
        school.detail_url = detail(school.pk)
        school.award_url = review(school.newest_award_id)
    return rows


@dataclasses.dataclass
class HomeTable:
    """One list on the director's home page: the first few rows and how many there are."""

    key: str
    title: str
    empty: str
    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


@dataclasses.dataclass(frozen=True)
class DirectorList:
    """One of the director's lists: its heading, what it says when empty, its rows (a queryset
    for a day) and what is added to the rows shown (one query for the page, not one a row)."""

    title: str
    empty: str
    rows: Callable[[datetime.date], QuerySet]
    shown: Callable[[list], list] = with_links


LISTS = {
    "waiting": DirectorList(
        "Waiting for your review", "No assessment is waiting for review.", lambda today: waiting_for_review()
    ),
    "coming": DirectorList("Visits coming up", "No visit is scheduled from today on.", visits_coming_up),
    "drafts": DirectorList("In draft", "No assessment is being written up.", in_draft),
    "expiring": DirectorList(
        f"Awards expiring within {EXPIRY_WINDOW_MONTHS} months",
        f"No award runs out in the next {EXPIRY_WINDOW_MONTHS} months.",
        awards_expiring,
        schools_with_links,
    ),
}


def home_sections(today: datetime.date, *, limit: int = HOME_LIMIT) -> list[HomeTable]:
    """The four lists of the director's home page, each cut to `limit` rows. Nine queries."""
    sections = []
    for key, kind in LISTS.items():
        rows = kind.rows(today)
        sections.append(HomeTable(key, kind.title, kind.empty, kind.shown(rows[:limit]), rows.count()))
    return sections
