"""Reads for the director's pages: the lists on the director's home page and behind its "see
all" links (desk.review.review_list), each a queryset for a day, in a fixed number of
queries however many assessments and schools there are.

The pages show a list's rows as they come: each row is read as plain values (no model
instances), and its texts, dates and addresses are worked out here once, so that the template
writes each cell with one variable.
"""

import dataclasses
import datetime
import functools
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.awards import EXPIRY_WINDOW_MONTHS
from assessments.dates import add_months, plain_date, plain_date_range
from assessments.html_rows import join_rows
from assessments.models import OPEN_STATUSES, Assessment, Status
from desk.links import id_link
from prepared import Prepared
from reading.models import Reading
from schools.models import School

HOME_LIMIT = 10


def waiting_for_review() -> QuerySet:
    """Submitted assessments, the longest waiting first."""
    return Assessment.objects.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")


def visits_coming_up(today: datetime.date) -> QuerySet:
    """Drafts whose visit is today or later, the soonest first."""
    open_visits = Assessment.objects.filter(
        status__in=[Status.DRAFT, Status.RETURNED], visit_start__gte=today
    )
    return open_visits.order_by("visit_start", "pk")


def in_draft(today: datetime.date) -> QuerySet:
    """Drafts and returned assessments being written up: the visit has started or has no date."""
    being_written = Assessment.objects.filter(
        Q(visit_start__lt=today) | Q(visit_start__isnull=True), status__in=[Status.DRAFT, Status.RETURNED]
    )
    return being_written.order_by("-status", "visit_start", "pk")


def _expiring_between(start: datetime.date, until: datetime.date) -> QuerySet:
    return School.objects.filter(award_expires_on__gte=start, award_expires_on__lte=until).order_by(
        "award_expires_on", "pk"
    )


def _expiring(today: datetime.date, months: int) -> QuerySet:
    return _expiring_between(today, add_months(today, months))


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


def waiting_values(assessments: QuerySet) -> QuerySet:
    """assessment_values' tuples, each followed by the status of the assessment's second
    reading (None without one), read by the same query."""
    return assessments.values_list(*_ASSESSMENT_COLUMNS, "reading__status")


def waiting_rows(values: Iterable[tuple]) -> list[dict]:
    """assessment_rows of waiting_values' tuples: a report whose second reading is open says so,
    for a director cannot confirm it until the reader signs it off (or a director overrides)."""
    values = list(values)
    rows = assessment_rows(value[:-1] for value in values)
    for row, value in zip(rows, values, strict=True):
        if value[-1] == Reading.Status.OPEN:
            row["badge"], row["status"] = "text-bg-info", "In second reading"
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
)


def school_values(schools: QuerySet) -> QuerySet:
    """The schools as value tuples of the columns an expiring award's row shows (expiring_rows
    reads them)."""
    return schools.values_list(*_SCHOOL_COLUMNS)


def expiring_values(today: datetime.date, *, months: int = EXPIRY_WINDOW_MONTHS) -> QuerySet:
    """The schools of awards_expiring as school_values' tuples."""
    return school_values(_expiring(today, months))


_IN_HAND = Prepared(
    lambda schools, statuses: (
        Assessment.objects.filter(school__in=schools, status__in=statuses)
        .order_by()
        .values_list("school_id", flat=True)
    )
)


def expiring_rows(values: Iterable[tuple]) -> list[dict]:
    """The rows of the expiring awards' list, from expiring_values' tuples: the addresses of the
    school's page (`detail_url`), of its award's assessment (`award_url`) and of scheduling
    its renewal (`schedule_url`), the dates as the page writes them, and whether the school has
    a visit in hand (`scheduled`: an assessment in draft, submitted or returned), one query for
    the rows shown. (An Exists of the list's query would cost the database a pass over every
    open assessment.)"""
    values = list(values)
    in_hand = set(_IN_HAND(schools=[row[0] for row in values], statuses=OPEN_STATUSES))
    detail, review = id_link("school_detail"), id_link("review_assessment")
    schedule = reverse("visit_schedule")
    rows = []
    for pk, name, expires, award, kind, level, renewal, letter_date, confirmed_at in values:
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
                "scheduled": pk in in_hand,
                "schedule_url": f"{schedule}?school={pk}",
            }
        )
    return rows


# The rows of the lists' tables (review/_section_table.html), the cells' texts escaped: written
# here rather than by the template, which would spend more on a row's dozen variables and tags
# than on the rest of the page.
_ASSESSMENT_ROW = (
    '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
    '<td><span class="badge {}">{}</span></td>{}</tr>\n'
)
_EXPIRING_ROW = (
    '<tr><th scope="row"><a href="{}">{}</a></th>'
    '<td><a href="{}">{}<span class="visually-hidden"> ({})</span></a></td>'
    "<td>{}</td><td>{}</td><td>{}</td></tr>\n"
)
_SCHEDULE_LINK = '<a href="{}">Schedule the {}<span class="visually-hidden"> of {}</span></a>'


def _expiring_cells(row: dict) -> tuple:
    if row["scheduled"]:
        next_visit = "In hand"
    else:
        next_visit = format_html(_SCHEDULE_LINK, row["schedule_url"], row["renewal"], row["name"])
    return (
        *(row["detail_url"], row["name"], row["award_url"], row["level"], row["kind"]),
        *(row["awarded"], row["expires"], next_visit),
    )


def _assessment_cells(row: dict, submitted: bool) -> tuple:
    return (
        *(row["url"], row["school"], row["kind"], row["visit"], row["lead"], row["badge"], row["status"]),
        format_html("<td>{}</td>", row["submitted"]) if submitted else "",
    )


def table_body(key: str, rows: list[dict]) -> SafeString:
    """The rows of list `key` as its table's body: the expiring awards' or the assessments'
    (with the day each was submitted for the list waiting for review)."""
    if key == "expiring":
        return join_rows(_EXPIRING_ROW, map(_expiring_cells, rows))
    return join_rows(_ASSESSMENT_ROW, (_assessment_cells(row, key == "waiting") for row in rows))


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

    @property
    def body(self) -> SafeString:
        """The rows as the table's body (table_body)."""
        return table_body(self.key, self.rows)


@dataclasses.dataclass(frozen=True)
class DirectorList:
    """One of the director's lists: its heading, what it says when empty, what it holds (a
    queryset for a day, in order), the columns its rows read (value tuples) and how the
    tuples of the rows shown become the page's rows."""

    title: str
    empty: str
    listed: Callable[[datetime.date], QuerySet]
    values: Callable[[QuerySet], QuerySet] = assessment_values
    shown: Callable[[Iterable[tuple]], list[dict]] = assessment_rows
    # The list as a query of the values it binds, and those values for a day: what the home
    # page's two prepared queries (prepared.Prepared) are built from. By default `listed`,
    # binding the day.
    query: Callable[..., QuerySet] | None = None
    bound: Callable[[datetime.date], dict] = lambda today: {"today": today}

    # The home page's two queries of the list, compiled once: its first rows, and how many
    # there are (counted without the rows' joins: a range of an index).
    @functools.cached_property
    def first_rows(self) -> Prepared:
        query = self.query or self.listed
        return Prepared(lambda limit, **values: self.values(query(**values))[:limit], shape=("limit",))

    @functools.cached_property
    def counted(self) -> Prepared:
        query = self.query or self.listed
        return Prepared(lambda **values: query(**values).values_list("pk"))

    def home_table(self, key: str, today: datetime.date, limit: int) -> "HomeTable":
        """The list's first `limit` rows for the day, and how many there are. Two queries."""
        values = self.bound(today)
        rows = self.shown(self.first_rows(limit=limit, **values))
        return HomeTable(key, self.title, self.empty, rows, self.counted.count(**values))


LISTS = {
    "waiting": DirectorList(
        "Waiting for your review",
        "No assessment is waiting for review.",
        lambda today: waiting_for_review(),
        waiting_values,
        waiting_rows,
        query=waiting_for_review,
        bound=lambda today: {},
    ),
    "coming": DirectorList("Visits coming up", "No visit is scheduled from today on.", visits_coming_up),
    "drafts": DirectorList("In draft", "No assessment is being written up.", in_draft),
    "expiring": DirectorList(
        f"Awards expiring within {EXPIRY_WINDOW_MONTHS} months",
        f"No award runs out in the next {EXPIRY_WINDOW_MONTHS} months.",
        lambda today: _expiring(today, EXPIRY_WINDOW_MONTHS),
        school_values,
        expiring_rows,
        query=lambda start, until: _expiring_between(start, until),
        bound=lambda today: {"start": today, "until": add_months(today, EXPIRY_WINDOW_MONTHS)},
    ),
}


def home_sections(today: datetime.date, *, limit: int = HOME_LIMIT) -> list[HomeTable]:
    """The four lists of the director's home page, each cut to `limit` rows. Nine queries: the
    rows of each list and their number, and the expiring awards' visits in hand."""
    return [kind.home_table(key, today, limit) for key, kind in LISTS.items()]
