"""Reads for the pages about schools: the directors' list of schools (a search, a page at a
time) and the headteacher's portal. Each reads only the columns its page shows, in a fixed
number of queries, and gives its rows ready to print: addresses built once a page, dates
already in the pages' style ("3 August 2010"), so that a row's render is a few lookups."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts.models import Role, User
from assessments.dates import plain_date, plain_date_range
from assessments.models import Assessment
from desk.links import id_link
from prepared import Prepared
from reports.models import IssuedReport, file_size_label
from schools.models import School

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


def school_search_page(q: str, number, *, today: datetime.date) -> Page:
    """The page `number` of the schools matching `q` (every school for no `q`), PAGE_SIZE to a
    page, in name order; its rows are dicts of what the list prints: `url`, `name`,
    `addressed` (the addressed name when it differs, else ""), `town`, `postcode`,
    `local_authority`, `logins` (the school's headteacher logins), `award` (its newest award's
    level, None without one), `lapsed` (the day that award ran out, if it has by `today`) and
    `until` (the day it runs out, if it has not). Two queries: the count and the page."""
    # Counted per row shown, not joined and grouped: the page's count is then the search alone.
    logins = (
        User.objects.filter(school=OuterRef("pk"), role=Role.HEADTEACHER)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Every school in the order of the name index; the matches of a search sorted after
    # they are found. (In the index's order, PostgreSQL would walk the index testing each
    # school against the search, thousands of rows for a page of 25, instead of reading the
    # matches through the trigram indexes: see schools/migrations/0003.)
    order = ("name", "postcode") if not q else (Upper("name"), "name", "postcode")
    schools = (
        School.objects.search(q)
        .annotate(
            headteacher_count=Coalesce(Subquery(logins), 0),
            award_name=F("newest_award__kind__award_level__name"),
        )
        .order_by(*order)
        .values(*_SCHOOL_COLUMNS)
    )
    paginator = Paginator(schools, PAGE_SIZE)
    # The matches counted alone: counting `schools` would keep the award's joins, which Django
    # does not drop from a count even though they cannot change the number of rows.
    paginator.count = School.objects.search(q).count()
    page = paginator.get_page(number)
    link = id_link("school_detail")
    page.object_list = [_school_row(school, link, today) for school in page.object_list]
    return page


# A row of the list (templates/schools/school_list.html), built here once for each school
# rather than by the template's loop, where each variable, tag and filter of 25 rows was most of
# the page's render. Every value is escaped by format_html.
_ROW = """
    <tr>
      <th scope="row"><a href="{url}">{name}</a>{addressed}</th>
      <td>{town}</td><td>{postcode}</td><td>{local_authority}</td>
      <td>{logins}</td>
      <td>{award}</td>
    </tr>
  """
_ADDRESSED = '<br><span class="small text-body-secondary">addressed as {}</span>'
_NO_AWARD = SafeString('<span class="text-body-secondary">None</span>')
_LAPSED = '{} <span class="badge text-bg-warning">lapsed {}</span>'
_UNTIL = '{}<br><span class="small text-body-secondary">until {}</span>'


def school_rows_html(rows: list[dict]) -> SafeString:
    """The table rows of school_search_page's rows, escaped."""
    return SafeString("".join(_row_html(row) for row in rows))  # each row escaped by format_html


def _row_html(row: dict) -> SafeString:
    if row["award"] is None:
        award = _NO_AWARD
    elif row["lapsed"]:
        award = format_html(_LAPSED, row["award"], row["lapsed"])
    elif row["until"]:
        award = format_html(_UNTIL, row["award"], row["until"])
    else:
        award = row["award"]
    return format_html(
        _ROW,
        url=row["url"],
        name=row["name"],
        addressed=format_html(_ADDRESSED, row["addressed"]) if row["addressed"] else "",
        town=row["town"],
        postcode=row["postcode"],
        local_authority=row["local_authority"],
        logins=row["logins"],
        award=award,
    )


def _school_row(school: dict, link, today: datetime.date) -> dict:
    name, addressed, expires = school["name"], school["addressed_name"], school["award_expires_on"]
    has_award = school["newest_award_id"] is not None
    return {
        "url": link(school["pk"]),
        "name": name,
        "addressed": addressed if addressed and addressed != name else "",
        "town": school["town"],
        "postcode": school["postcode"],
        "local_authority": school["local_authority"],
        "logins": school["headteacher_count"],
        "award": (school["award_name"] or "") if has_award else None,
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
