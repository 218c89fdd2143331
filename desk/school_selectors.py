"""Reads for the pages about schools: the directors' list of schools (a search, a page at a
time) and the headteacher's portal. Each reads only the columns its page shows, in a fixed
number of queries, and gives its rows ready to print: addresses built once a page, dates
already in the pages' style ("3 August 2010"), so that a row's render is a few lookups."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.safestring import SafeString

from accounts.models import Role, User
from assessments.dates import plain_date, plain_date_range
from assessments.html_rows import join_rows
from assessments.models import Assessment
from desk.links import id_link
from prepared import Prepared
from reports.models import IssuedReport, file_size_label
from schools.models import School, search_pattern

PAGE_SIZE = 25

_SCHOOL_COLUMNS = (
    "pk",
    "name",
    "addressed_name",
    "town",
    "postcode",
    "local_authority",
    "newest_award_id",
    "award_expires_on",
    "award_name",
    "headteacher_count",
)


def _listed(schools: QuerySet, ordering: tuple, offset: int) -> QuerySet:
    """A page of the list from `offset`: the columns it shows, the school's headteacher logins
    counted per row shown (not joined and grouped: the page's count is then the search alone)
    and its newest award's level by a join."""
    logins = (
        User.objects.filter(school=OuterRef("pk"), role=Role.HEADTEACHER)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        schools.annotate(
            headteacher_count=Coalesce(Subquery(logins), 0),
            award_name=F("newest_award__kind__award_level__name"),
        )
        .order_by(*ordering)
        .values_list(*_SCHOOL_COLUMNS)[offset : offset + PAGE_SIZE]
    )


# The list's two queries, each for every school and for a search's matches (the pattern bound):
# the number of schools, and a page of them. Every school is listed in the order of the name
# index; the matches of a search are sorted after they are found. (In the index's order,
# PostgreSQL would walk the index testing each school against the search, thousands of rows for
# a page of 25, instead of reading the matches through the trigram indexes: see
# schools/migrations/0003.) The matches are counted alone: counting the page's query would keep
# the award's joins, which Django does not drop from a count even though they cannot change the
# number of rows. Compiled once (prepared), a page's query once for each page read.
_EVERY_SCHOOL = Prepared(lambda: School.objects.values_list("pk"))
_MATCHES = Prepared(lambda pattern: School.objects.matching(pattern).values_list("pk"))


def _ordering(searching: bool) -> tuple:
    return (Upper("name"), "name", "postcode") if searching else ("name", "postcode")


_EVERY_SCHOOL_PAGE = Prepared(
    lambda offset: _listed(School.objects.all(), _ordering(False), offset), shape=("offset",)
)
_MATCHES_PAGE = Prepared(
    lambda pattern, offset: _listed(School.objects.matching(pattern), _ordering(True), offset),
    shape=("offset",),
)
# Each page's offset is a query of its own, kept for good once compiled: the first pages (all
# of a search's, mostly) are prepared, the rest of a long list run as Django builds them.
PREPARED_PAGES = 20


def school_search_page(q: str, number, *, today: datetime.date) -> Page:
    """The page `number` of the schools matching `q` (every school for no `q`), PAGE_SIZE to a
    page, in name order; its rows are dicts of what the list prints: `url`, `name`,
    `addressed` (the addressed name when it differs, else ""), `town`, `postcode`,
    `local_authority`, `logins` (the school's headteacher logins), `award` (its newest award's
    level, None without one), `lapsed` (the day that award ran out, if it has by `today`) and
    `until` (the day it runs out, if it has not). Two queries: the count and the page (none
    for the page when nothing matches)."""
    q = q.strip()  # as School.objects.search reads it
    pattern = search_pattern(q) if q else None
    total = _MATCHES.count(pattern=pattern) if pattern else _EVERY_SCHOOL.count()
    # The page's number checked against the count, as for a queryset; its rows read below.
    page = Paginator(range(total), PAGE_SIZE).get_page(number)
    offset = (page.number - 1) * PAGE_SIZE
    if not total:
        rows = []
    elif offset >= PREPARED_PAGES * PAGE_SIZE:  # Django's own query: see PREPARED_PAGES
        schools = School.objects.matching(pattern) if pattern else School.objects.all()
        rows = list(_listed(schools, _ordering(bool(pattern)), offset))
    elif pattern:
        rows = _MATCHES_PAGE(pattern=pattern, offset=offset)
    else:
        rows = _EVERY_SCHOOL_PAGE(offset=offset)
    link = id_link("school_detail")
    page.object_list = [_school_row(school, link, today) for school in rows]
    return page


# A row of the list (templates/schools/school_list.html), built here once for each school
# rather than by the template's loop, where each variable, tag and filter of 25 rows was most of
# the page's render. Every cell is escaped (assessments.html_rows.join_rows).
_ROW = """
    <tr>
      <th scope="row"><a href="{}">{}</a>{}</th>
      <td>{}</td><td>{}</td><td>{}</td>
      <td>{}</td>
      <td>{}</td>
    </tr>
  """
_ADDRESSED = '<br><span class="small text-body-secondary">addressed as {}</span>'
_NO_AWARD = SafeString('<span class="text-body-secondary">None</span>')
_LAPSED = '{} <span class="badge text-bg-warning">lapsed {}</span>'
_UNTIL = '{}<br><span class="small text-body-secondary">until {}</span>'


def school_rows_html(rows: list[dict]) -> SafeString:
    """The table rows of school_search_page's rows, escaped."""
    return join_rows(_ROW, map(_row_cells, rows))


def _row_cells(row: dict) -> tuple:
    if row["award"] is None:
        award = _NO_AWARD
    elif row["lapsed"]:
        award = join_rows(_LAPSED, [(row["award"], row["lapsed"])])
    elif row["until"]:
        award = join_rows(_UNTIL, [(row["award"], row["until"])])
    else:
        award = row["award"]
    addressed = join_rows(_ADDRESSED, [(row["addressed"],)]) if row["addressed"] else ""
    return (
        *(row["url"], row["name"], addressed, row["town"], row["postcode"], row["local_authority"]),
        *(row["logins"], award),
    )


def _school_row(school: tuple, link, today: datetime.date) -> dict:
    pk, name, addressed, town, postcode, local_authority, award_id, expires, award_name, logins = school
    has_award = award_id is not None
    return {
        "url": link(pk),
        "name": name,
        "addressed": addressed if addressed and addressed != name else "",
        "town": town,
        "postcode": postcode,
        "local_authority": local_authority,
        "logins": logins,
        "award": (award_name or "") if has_award else None,
        "lapsed": plain_date(expires) if has_award and expires and expires <= today else "",
        "until": plain_date(expires) if has_award and expires and expires > today else "",
    }


# What a report of the portal shows (templates/schools/headteacher_portal.html).
_REPORT_COLUMNS = (
    "pk",
    "revision",
    "filename",
    "size",
    "verification_code",
    "created_at",
    "assessment_id",
    "assessment__kind__name",
    "assessment__visit_start",
    "assessment__visit_end",
    "assessment__letter_date",
    "assessment__outcome",
    "assessment__revision_of_id",
)

# The reports issued to a school that its staff may read (Assessment.objects.seen_by_school),
# in the reports' order (newest first); compiled once (prepared).
_PORTAL_REPORTS = Prepared(
    lambda school_id: IssuedReport.objects.filter(
        assessment__in=Assessment.objects.seen_by_school(school_id)
    ).values_list(*_REPORT_COLUMNS)
)

_SCHOOL_NAMES = Prepared(
    lambda school_id: School.objects.filter(pk=school_id).order_by().values_list("name", "addressed_name")
)


def portal_school_name(school_id: int) -> str:
    """The name the portal gives the school: the one its letters address it by
    (School.letter_name). One query."""
    ((name, addressed_name),) = _SCHOOL_NAMES(school_id=school_id)
    return School(name=name, addressed_name=addressed_name).letter_name


def portal_reports(school_id: int) -> list[dict]:
    """The reports issued to the school that its staff may read, newest first, as the portal
    prints them: `label` ("Reassessment, revision 2"), `visit_dates`, `letter_date` and
    `issued` (in the pages' style), `letter_url`, `download_url`, `filename`, `size_label`,
    `verification_code`, `outcome` and `corrected` (a later revision replaces it). One query."""
    rows = _PORTAL_REPORTS(school_id=school_id)
    corrected = {row[12] for row in rows if row[12]}
    letter, download = id_link("issued_letter"), id_link("issued_report_download")
    return [
        {
            "label": kind + (f", revision {revision}" if revision > 1 else ""),
            "visit_dates": plain_date_range(visit_start, visit_end),
            "letter_date": plain_date(letter_date),
            "issued": plain_date(timezone.localdate(created_at)),
            "letter_url": letter(pk),
            "download_url": download(pk),
            "filename": filename,
            "size_label": file_size_label(size),
            "verification_code": verification_code,
            "outcome": outcome,
            "corrected": assessment_id in corrected,
        }
        for (
            pk,
            revision,
            filename,
            size,
            verification_code,
            created_at,
            assessment_id,
            kind,
            visit_start,
            visit_end,
            letter_date,
            outcome,
            _,
        ) in rows
    ]
