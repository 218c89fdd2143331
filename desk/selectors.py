"""Reads for the director's pages: the lists on the director's home page and behind its "see
all" links (desk.review.review_list), each a queryset for a day, in a fixed number of
queries however many assessments and schools there are.

The pages show a list's rows as they come: each row is read as plain values (no model
instances), and its texts, dates and addresses are worked out here once, so that the template
writes each cell with one variable.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.awards import EXPIRY_WINDOW_MONTHS
from assessments.dates import add_months, plain_date, plain_date_range
from assessments.models import OPEN_STATUSES, Assessment, Status
from desk.links import id_link
from schools.models import School

HOME_LIMIT = 10

# Which assessments each list holds, as a condition on Assessment: the rows and the home
# page's counts read the same one.


def _waiting(today: datetime.date | None = None) -> Q:
    return Q(status=Status.SUBMITTED)


def _coming(today: datetime.date) -> Q:
    return Q(status__in=[Status.DRAFT, Status.RETURNED], visit_start__gte=today)


def _drafts(today: datetime.date) -> Q:
    return Q(status__in=[Status.DRAFT, Status.RETURNED]) & (
        Q(visit_start__lt=today) | Q(visit_start__isnull=True)
    )


def waiting_for_review() -> QuerySet:
    """Submitted assessments, the longest waiting first."""
    return Assessment.objects.filter(_waiting()).order_by("submitted_at", "pk")


def visits_coming_up(today: datetime.date) -> QuerySet:
    """Drafts whose visit is today or later, the soonest first."""
    return Assessment.objects.filter(_coming(today)).order_by("visit_start", "pk")


def in_draft(today: datetime.date) -> QuerySet:
    """Drafts and returned assessments being written up: the visit has started or has no date."""
    return Assessment.objects.filter(_drafts(today)).order_by("-status", "visit_start", "pk")


def _expiring(today: datetime.date, months: int) -> QuerySet:
    return School.objects.filter(
        award_expires_on__gte=today, award_expires_on__lte=add_months(today, months)
    ).order_by("award_expires_on", "pk")


def awards_expiring(today: datetime.date, *, months: int = EXPIRY_WINDOW_MONTHS) -> QuerySet:
    """Schools whose newest award runs out between today and `months` from now, the soonest
    first, each with its award (`newest_award`).

    An award a newer one has replaced, or a confirmed revision has corrected, is not the
    school's newest, so it is not listed. A range of school_award_expiry_idx, however many
    schools there are (see assessments.awards on how the school's newest award is kept)."""
    return _expiring(today, months).select_related("newest_award__kind__award_level")


# What a row of the assessments' lists shows (review/_section_table.html): only these columns
# are read. Every list names a school by its name (School.name), as the schools list does; the
# name the letter addresses it by is for the letter and the school's own pages.
_ASSESSMENT_COLUMNS = (
    "pk",
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

# The badge of each status (any other: text-bg-secondary).
_BADGES = {
    Status.CONFIRMED: "text-bg-success",
    Status.SUBMITTED: "text-bg-warning",
    Status.RETURNED: "text-bg-danger",
}
_STATUS_LABELS = dict(Status.choices)


def assessment_values(assessments: QuerySet) -> QuerySet:
    """The assessments as value tuples of the columns a row shows (assessment_rows reads them)."""
    return assessments.values_list(*_ASSESSMENT_COLUMNS)


def assessment_rows(values: Iterable[tuple]) -> list[dict]:
    """The rows of an assessments' list, from assessment_values' tuples: each cell's text as the
    page writes it (the template escapes them) and the review page's address (`url`)."""
    review = id_link("review_assessment")
    rows = []
    for pk, school, kind, status, revision, start, end, submitted_at, first, last, username in values:
        submitted = ""
        if submitted_at is not None:
            local = timezone.localtime(submitted_at)
            submitted = f"{plain_date(local)}, {local:%H:%M}"
        rows.append(
            {
                "url": review(pk),
                "school": school,
                "kind": f"{kind}, revision {revision}" if revision > 1 else kind,
                "visit": plain_date_range(start, end) + ("" if start else "Not fixed"),
                # As User.__str__ says it: the full name, or the username without one.
                "lead": f"{first} {last}".strip() or username,
                "badge": _BADGES.get(status, "text-bg-secondary"),
                "status": _STATUS_LABELS.get(status, status),
                "submitted": submitted,
            }
        )
    return rows


# What a row of the expiring awards' list shows.
_SCHOOL_COLUMNS = (
    "pk",
    "name",
    "award_expires_on",
    "newest_award_id",
    "newest_award__kind__name",
    "newest_award__kind__award_level__name",
    "newest_award__kind__award_level__renewal",
    "newest_award__letter_date",
    "newest_award__confirmed_at",
    "scheduled",
)


def expiring_values(today: datetime.date, *, months: int = EXPIRY_WINDOW_MONTHS) -> QuerySet:
    """The schools of awards_expiring as value tuples of what a row shows, with whether each
    has a visit in hand (an assessment in draft, submitted or returned): worked out by the
    database for the rows read, not a query more."""
    in_hand = Assessment.objects.filter(school=OuterRef("pk"), status__in=OPEN_STATUSES)
    return _expiring(today, months).annotate(scheduled=Exists(in_hand)).values_list(*_SCHOOL_COLUMNS)


def expiring_rows(values: Iterable[tuple]) -> list[dict]:
    """The rows of the expiring awards' list, from expiring_values' tuples: the addresses of the
    school's page (`detail_url`), of its award's assessment (`award_url`) and of scheduling
    its renewal (`schedule_url`), and the dates as the page writes them."""
    detail, review = id_link("school_detail"), id_link("review_assessment")
    schedule = reverse("visit_schedule")
    rows = []
    for pk, name, expires, award, kind, level, renewal, letter_date, confirmed_at, scheduled in values:
        # Assessment.award_date: the letter's date, or the day it was confirmed.
        awarded = letter_date or (confirmed_at.date() if confirmed_at else None)
        rows.append(
            {
                "name": name,
                "detail_url": detail(pk),
                "award_url": review(award),
                "level": level or "",
                "kind": kind or "",
                "renewal": renewal or "",
                "awarded": plain_date(awarded),
                "expires": plain_date(expires),
                "scheduled": scheduled,
                "schedule_url": f"{schedule}?school={pk}",
            }
        )
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
    of value tuples for a day, for a page of them to be read) and how the tuples of the rows
    shown become the page's rows."""

    title: str
    empty: str
    rows: Callable[[datetime.date], QuerySet]
    shown: Callable[[Iterable[tuple]], list[dict]] = assessment_rows


LISTS = {
    "waiting": DirectorList(
        "Waiting for your review",
        "No assessment is waiting for review.",
        lambda today: assessment_values(waiting_for_review()),
    ),
    "coming": DirectorList(
        "Visits coming up",
        "No visit is scheduled from today on.",
        lambda today: assessment_values(visits_coming_up(today)),
    ),
    "drafts": DirectorList(
        "In draft", "No assessment is being written up.", lambda today: assessment_values(in_draft(today))
    ),
    "expiring": DirectorList(
        f"Awards expiring within {EXPIRY_WINDOW_MONTHS} months",
        f"No award runs out in the next {EXPIRY_WINDOW_MONTHS} months.",
        expiring_values,
        expiring_rows,
    ),
}


def _totals(today: datetime.date) -> dict[str, int]:
    """How many rows each list has in all: the three lists of assessments counted in one query
    (over the open assessments), the expiring awards in another."""
    lists = {"waiting": _waiting, "coming": _coming, "drafts": _drafts}
    totals = Assessment.objects.filter(status__in=OPEN_STATUSES).aggregate(
        **{key: Count("pk", filter=condition(today)) for key, condition in lists.items()}
    )
    totals["expiring"] = _expiring(today, EXPIRY_WINDOW_MONTHS).count()
    return totals


def home_sections(today: datetime.date, *, limit: int = HOME_LIMIT) -> list[HomeTable]:
    """The four lists of the director's home page, each cut to `limit` rows. Six queries: the
    rows of each list, and their numbers in two."""
    totals = _totals(today)
    return [
        HomeTable(key, kind.title, kind.empty, kind.shown(kind.rows(today)[:limit]), totals[key])
        for key, kind in LISTS.items()
    ]
