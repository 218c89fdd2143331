"""The assessment letter: gather the context, render the HTML, turn the HTML into PDF.

    gather_context(assessment, draft=...)  → a dict of plain values (strings, lists, dataclasses)
    render_html(context)                   → the HTML of templates/reports/letter.html
    html_to_pdf(html)                      → PDF bytes (the only place that imports WeasyPrint)
    render_pdf(assessment, draft=...)      → all three in a row

No request object and no database writes here. WeasyPrint fetches nothing but the project's own
static files (the stylesheet and the shipped font): see fetch_static_file. It runs in a child
process with a time limit (IQM_PDF_TIMEOUT_SECONDS): a letter that takes longer raises
RenderTimeout, which the preview and the confirmation turn into a message, instead of holding
the request until the app server kills its worker.
"""

from __future__ import annotations

import multiprocessing
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from assessments import parts as registry
from assessments.dates import british_date, date_range
from assessments.kinds import ReportStructure
from assessments.models import DETAIL_KEYS, Assessment, Element, Finding, Outcome, Statement, StatementKind
from reports.letter_sections import sections_context

# The letter's stylesheet and font are addressed under this origin, which the fetcher maps to
# the project's static files. ".invalid" is reserved (RFC 2606): nothing is ever fetched from it.
STATIC_ORIGIN = "https://static.iqm.invalid"
STATIC_PREFIX = "/static/"
BASE_URL = STATIC_ORIGIN + STATIC_PREFIX

# What the fetcher serves: stylesheets, fonts and images, nothing else.
SERVED_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}

NO_SIGNIFICANT_AREAS = "There are no significant areas for development."

# A line of a list item that starts a sub-list: "1. …", "2) …", "a. …", "- …", "• …".
_SUBITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[a-z][.)]|[-•])\s+\S")


# The context ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item of a bulleted list: its text, and the lines of a sub-list typed into it
    ("…report:-\\n1. The effectiveness …\\n2. …"), which print as a list of their own."""

    text: str
    subitems: tuple[str, ...] = ()


@dataclass(frozen=True)
class DetailRow:
    """One row of the details table: what it shows (a key of DETAIL_KEYS), its label, its value."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ElementSection:
    """One element of the framework as the letter prints it."""

    number: int
    title: str
    narrative: str
    strengths: list[Item] = field(default_factory=list)
    areas: list[Item] = field(default_factory=list)
    no_significant_areas: bool = False

    @property
    def heading(self) -> str:
        """ "Element 1 - Learner Progress"."""
        return f"Element {self.number} - {self.title}"


def split_item(text: str) -> Item:
    """A list item's text, with trailing lines that each start like a list item ("1. …")
    taken out as a sub-list (blank lines between them dropped). Text without such lines is left
    whole."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    first_sub = len(lines)
    while first_sub > 1 and _SUBITEM.match(lines[first_sub - 1]):
        first_sub -= 1
    if first_sub == len(lines):
        return Item(text.strip())
    lead = "\n".join(lines[:first_sub]).strip()
    return Item(lead, tuple(line.strip() for line in lines[first_sub:]))


def document_title(kind_title: str, school_name: str, visit_dates: str, *, draft: bool) -> str:
    """ "IQM reassessment report — The Heath School — 14th–15th July 2010", "DRAFT — …" for a
    draft: the kind's letter title first."""
    parts = [kind_title, school_name, visit_dates or "undated"]
    if draft:
        parts.insert(0, "DRAFT")
    return " — ".join(parts)


def verification_context(code: str | None) -> dict:
    """`verification` for the letter: the code, the public page's address and its QR code
    (an issued letter has one; a draft or a preview of an older letter none)."""
    if not code:
        return {"verification": None}
    from reports.verification import display_code, qr_svg, verification_url

    url = verification_url(code)
    qr = qr_svg(url, title=f"QR code of the verification address {url}")
    return {"verification": {"code": code, "display_code": display_code(code), "url": url, "qr_svg": qr}}


def gather_context(assessment: Assessment, *, draft: bool, verification_code: str | None = None) -> dict:
    """Everything the letter template needs, as plain values, read in five queries whatever
    the size of the assessment: the assessment with its school and people, the co-assessors,
    the framework's elements, the findings, and every statement."""
    assessment = (
        Assessment.objects.select_related(
            "school", "framework", "lead_assessor", "confirmed_by", "kind__award_level"
        )
        .prefetch_related("co_assessors")
        .annotate(**_part_annotations())
        .get(pk=assessment.pk)
    )
    # A confirmed letter prints the school as it was when it was confirmed.
    school = assessment.letter_school()
    elements = list(Element.objects.filter(framework_id=assessment.framework_id).order_by("number"))
    findings = {f.element_id: f for f in Finding.objects.filter(assessment=assessment)}
    lists: dict[tuple[int | None, str], list[Item]] = defaultdict(list)
    for statement in Statement.objects.filter(assessment=assessment).order_by("position", "pk"):
        lists[(statement.finding_id, statement.kind)].append(split_item(statement.text))

    sections = []
    for element in elements if assessment.report_structure != ReportStructure.THEMED else ():
        finding = findings.get(element.pk)
        finding_id = finding.pk if finding else None
        sections.append(
            ElementSection(
                number=element.number,
                title=element.title,
                narrative=finding.narrative if finding else "",
                strengths=lists[(finding_id, StatementKind.STRENGTH)] if finding else [],
                areas=lists[(finding_id, StatementKind.AREA)] if finding else [],
                no_significant_areas=bool(finding and finding.no_significant_areas),
            )
        )

    assessors = [assessment.lead_assessor, *sorted(assessment.co_assessors.all(), key=_person_order)]
    assessor_names = [person.get_full_name() or person.username for person in assessors]
    # The issued letter names the director who confirmed it (whether the caller renders it just
    # before or just after the status changes); a draft has a blank signature line.
    signatory = assessment.confirmed_by if not draft and assessment.confirmed_by_id else None
    visit_dates = date_range(assessment.visit_start, assessment.visit_end)
    # The PDF's creation date comes from the assessment, never the clock, so the same
    # assessment always gives the same document.
    stamp = assessment.confirmed_at if not draft and assessment.confirmed_at else assessment.updated_at

    kind = assessment.kind
    assessor_names_text = ", ".join(assessor_names)
    outcome = assessment.get_outcome_display() if assessment.outcome else ""
    awarded = assessment.outcome == Outcome.YES
    valid_until = assessment.valid_until if awarded else None
    values = {
        "school": school.name,
        "headteacher": school.headteacher_name,
        "number_on_roll": f"{school.number_on_roll:,}" if school.number_on_roll is not None else "",
        "kind": kind.name,
        "visit_dates": f"{visit_dates}, remote" if visit_dates and assessment.remote else visit_dates,
        "assessors": assessor_names_text,
        "outcome": outcome,
        "award_level": kind.award_level.name if awarded else ("None" if assessment.outcome else ""),
        "next_visit": british_date(valid_until),
    }
    default_labels = {**DETAIL_KEYS, "next_visit": kind.award_level.next_visit_label}
    details = [
        DetailRow(key, label or default_labels[key], values[key])
        for key, label in assessment.framework.letter_details
        if key in values
    ]

    return {
        "draft": draft,
        "title": document_title(kind.letter_title, school.letter_name, visit_dates, draft=draft),
        "description": f"{kind.letter_title} for {school.name}" + (f", {visit_dates}" if visit_dates else ""),
        "letter_subject": kind.letter_subject,
        "running_header": assessment.framework.running_header,
        "context_subheading": assessment.framework.context_subheading,
        "details": details,
        "created": stamp.isoformat(timespec="seconds") if stamp else "",
        "author": assessor_names[0],
        "letter_date": british_date(assessment.letter_date),
        "visit_dates": visit_dates,
        "school": {
            "name": school.name,
            "letter_name": school.letter_name,
            "headteacher_name": school.headteacher_name,
            "headteacher_addressed": school.headteacher_addressed,
            "address_lines": [
                *school.address_line_list,
                *(part for part in (school.town, school.county, school.postcode) if part.strip()),
            ],
        },
        "assessor_label": "Assessor" if len(assessor_names) == 1 else "Assessors",
        "assessor_names": assessor_names_text,
        "signatory": (
            {"name": signatory.signature_name, "job_title": signatory.job_title} if signatory else None
        ),
        "outcome": outcome,
        "summary": assessment.summary,
        "recommendation": assessment.recommendation,
        "context": assessment.context,
        "evidence": assessment.evidence,
        "key_successes": lists[(None, StatementKind.KEY_SUCCESS)],
        "minor_areas": lists[(None, StatementKind.MINOR_AREA)],
        "elements": sections,
        "no_significant_areas_text": NO_SIGNIFICANT_AREAS,
        # Heading levels: the PDF's sections are <h1>; a web page that shows the letter under
        # its own <h1> sets these to 2 and 3.
        "section_level": 1,
        "subsection_level": 2,
        **sections_context(assessment),
        **_parts_context(assessment),
        **verification_context(None if draft else verification_code),
    }


def _part_annotations() -> dict:
    """The annotations the registered parts (assessments.parts) read with the assessment."""
    found: dict = {}
    for annotate in registry.with_hook("letter_annotations"):
        found.update(annotate())
    return found


def _parts_context(assessment: Assessment) -> dict:
    """What the registered parts add to the letter: their values, and the templates each
    includes at its place ("before_elements", "after_elements")."""
    found: dict = {
        "part_templates": {
            place: registry.letter_templates(place) for place in ("before_elements", "after_elements")
        }
    }
    for context in registry.with_hook("letter_context"):
        found.update(context(assessment))
    return found


def _person_order(person) -> tuple[str, str, str]:
    return (person.last_name, person.first_name, person.username)


def render_html(context: dict) -> str:
    """The letter as HTML, from templates/reports/letter.html."""
    return render_to_string("reports/letter.html", context)


# The PDF -------------------------------------------------------------------------------------


class FetchRefused(ValueError):
    """WeasyPrint asked for something other than one of the project's static files."""


class RenderError(Exception):
    """The PDF could not be made; str(error) says why, in words for the user."""


class RenderTimeout(RenderError):
    """The PDF took longer than its time limit; nothing was made."""


@dataclass(frozen=True)
class StaticFile:
    """A file served to WeasyPrint: its bytes and content type."""

    body: bytes
    content_type: str


def static_path_for(url: str) -> Path:
    """The file among the project's static files that a letter URL names. Raises FetchRefused
    for any other URL: another scheme or host, a path outside /static/, "..", an unserved type."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != STATIC_ORIGIN or parts.query or parts.fragment:
        raise FetchRefused(f"The letter may only load the project's static files, not {url[:200]!r}.")
    if not parts.path.startswith(STATIC_PREFIX):
        raise FetchRefused(f"Not a static file: {url[:200]!r}.")
    relative = unquote(parts.path.removeprefix(STATIC_PREFIX))
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in relative.split("/"))
        or posixpath.normpath(relative) != relative
    ):
        raise FetchRefused(f"Not a static file: {url[:200]!r}.")
    if posixpath.splitext(relative)[1].lower() not in SERVED_TYPES:
        raise FetchRefused(f"The letter does not load files of this type: {url[:200]!r}.")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as error:
        raise FetchRefused(f"Not a static file: {url[:200]!r}.") from error
    if not found:
        raise FetchRefused(f"No such static file: {url[:200]!r}.")
    return Path(found)


def fetch_static_file(url: str) -> StaticFile:
    """The letter's fetcher: one of the project's static files (see static_path_for), or
    FetchRefused for anything else, file://, http(s)://, data: and whatever user text names."""
    path = static_path_for(url)
    return StaticFile(path.read_bytes(), SERVED_TYPES[path.suffix.lower()])


def html_to_pdf(
    html: str, *, fetch: Callable[[str], StaticFile] = fetch_static_file, timeout: float | None = None
) -> bytes:
    """PDF bytes for the letter's HTML: A4, tagged (PDF/UA-1), the shipped font embedded.

    The only place that imports WeasyPrint. Relative URLs in the HTML resolve against BASE_URL,
    and every URL WeasyPrint wants goes through `fetch` (tests pass one that records them). A
    refusal raises, so WeasyPrint leaves the resource out and logs it; nothing else is fetched.

    With the project's own fetcher, WeasyPrint runs in a child process that is killed after
    `timeout` seconds (IQM_PDF_TIMEOUT_SECONDS unless given), raising RenderTimeout. A caller's
    own fetcher runs in this process, so that it sees every fetch.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = fetch(url)
            return URLFetcherResponse(url, body=found.body, headers={"Content-Type": found.content_type})

    def write() -> bytes:
        fetcher = LetterFetcher(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        from reports.pdf_tags import finish

        return document.write_pdf(pdf_variant="pdf/ua-1", finisher=finish)

    if fetch is not fetch_static_file:
        return write()
    return _within_time_limit(write, settings.IQM_PDF_TIMEOUT_SECONDS if timeout is None else timeout)


def _within_time_limit(write: Callable[[], bytes], seconds: float) -> bytes:
    """write() run in a forked child process, killed after `seconds`: its bytes, or RenderTimeout
    (or RenderError if the child fails). A thread could not be stopped, and a signal only
    reaches the main thread; a child process is stopped wherever it is, under any app server.

    Forked, not spawned: the child starts at once with WeasyPrint already imported and the
    settings as they are, uses no database connection, and leaves by os._exit (multiprocessing
    does), so it closes nothing the parent holds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_write_to, args=(write, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderTimeout(
                f"The letter took longer than {seconds:g} seconds to make, so it was stopped. Its "
                "longest texts may be too long: shorten them, or try again later."
            )
        ok, result = receiver.recv()
    except EOFError:
        raise RenderError(
            "The letter could not be made: the PDF renderer stopped without a result."
        ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if not ok:
        raise RenderError(f"The letter could not be made: {result}")
    return result


def _write_to(write: Callable[[], bytes], sender) -> None:
    """In the child: send (True, PDF bytes) or (False, what went wrong)."""
    try:
        sender.send((True, write()))
    except Exception as error:  # the parent raises it as a RenderError
        sender.send((False, f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()


def render_page_body(assessment: Assessment, *, verification_code: str | None = None) -> str:
    """The confirmed letter's body as its web page shows it: the PDF's template body and
    context, with the sections as <h2> and their parts as <h3> under the page's own <h1>."""
    context = gather_context(assessment, draft=False, verification_code=verification_code)
    context.update(section_level=2, subsection_level=3)
    return render_to_string("reports/_letter_body.html", context)


def render_pdf(
    assessment: Assessment,
    *,
    draft: bool,
    fetch: Callable[[str], StaticFile] = fetch_static_file,
    verification_code: str | None = None,
) -> bytes:
    """The assessment's letter as PDF bytes, marked DRAFT on every page if `draft`; an issued
    letter prints its verification code, address and QR code."""
    context = gather_context(assessment, draft=draft, verification_code=verification_code)
    return html_to_pdf(render_html(context), fetch=fetch)


def filename(assessment: Assessment, *, draft: bool = False) -> str:
    """ "IQM-report-The-Heath-School-2010-07.pdf"; "…-DRAFT.pdf" for a draft."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", assessment.letter_school().letter_name).strip("-") or "school"
    when = assessment.visit_start.strftime("%Y-%m") if assessment.visit_start else "undated"
    return f"IQM-report-{name}-{when}{'-DRAFT' if draft else ''}.pdf"


__all__ = [
    "BASE_URL",
    "FetchRefused",
    "RenderError",
    "RenderTimeout",
    "StaticFile",
    "fetch_static_file",
    "filename",
    "gather_context",
    "html_to_pdf",
    "render_html",
    "render_pdf",
    "static_path_for",
]
