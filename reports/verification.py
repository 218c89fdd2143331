"""Verifying an issued letter: the short code printed on it, what the public page at
/verify/<code>/ shows, and the check of an uploaded PDF.

    new_code()               → a fresh code: 10 characters of Crockford's base32
    normalise_code(text)     → the code as stored, or None for text that cannot be one
    report_for_code(text)    → the IssuedReport with that code, or None
    letter_status(report)    → LetterStatus: current, superseded (by which letter) or expired
    upload_check(report, pdf) → UploadCheck: "genuine" or "not the letter we issued", and why

Crockford's alphabet has no I, L, O or U, so a code read aloud or copied by hand is not
ambiguous; reading it back, lower case is upper case, O is 0, I and L are 1, and hyphens and
spaces are ignored.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.dates import plain_date, plain_date_range
from assessments.models import Assessment, Outcome, Status, award_date_of, snapshot_school, valid_until_of
from pagecache import render as pagecache
from prepared import Prepared
from reports import publishing
from reports.models import IssuedReport, file_size_label
from schools.models import School

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CODE = re.compile(rf"[{ALPHABET}]{{{CODE_LENGTH}}}")
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """Ten random characters of ALPHABET (50 bits): unguessable, short enough to type."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_unused_code() -> str:
    """A new code no issued report has yet."""
    while True:
        code = new_code()
        if not IssuedReport.objects.filter(verification_code=code).exists():
            return code


def normalise_code(text: str) -> str | None:
    """The code as stored, from what someone typed or scanned; None if it cannot be a code."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper().translate(_READ_AS)
    return code if _CODE.fullmatch(code) else None


def display_code(code: str) -> str:
    """ "ABCDE-12345": in two halves, easier to read out."""
    return f"{code[:5]}-{code[5:]}"


def public_address(url_name: str, code: str) -> str:
    """SITE_URL + the path of one of the code's public pages ("verify_letter", "verify_badge", …)."""
    return settings.SITE_URL + reverse(url_name, args=[code])


def verification_url(code: str) -> str:
    """The public address printed on the letter: SITE_URL + /verify/<code>/."""
    return public_address("verify_letter", code)


def qr_svg(text: str, *, title: str = "") -> str:
    """An inline SVG of a QR code for `text`, for the letter and the web pages alike. With a
    `title`, its <title> names it: WeasyPrint makes that the /Alt of the PDF's /Figure, which
    PDF/UA requires; without, callers label it. One path, each row's run of dark modules one
    rectangle: a path per module (qrcode's own SVG image) costs WeasyPrint a drawing operation
    each."""
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    named = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg width="{size}mm" height="{size}mm" version="1.1" viewBox="0 0 {size} {size}" '
        f'xmlns="http://www.w3.org/2000/svg">{named}<path d="{"".join(runs)}" fill="#000000"/></svg>'
    )


def report_for_code(text: str) -> IssuedReport | None:
    """The issued report the code names, with its assessment, school and award level; None for
    an unknown code or text that cannot be one."""
    code = normalise_code(text)
    if code is None:
        return None
    return (
        IssuedReport.objects.select_related("assessment__school", "assessment__kind__award_level")
        .filter(verification_code=code)
        .first()
    )


# The report of a code (codes are unique), compiled once.
_CODED = Prepared(
    lambda code: IssuedReport.objects.filter(verification_code=code).values_list("pk", flat=True)[:1]
)


def report_pk_for_code(text: str, *, published: bool = False) -> int:
    """The id of the issued report the code names — 0 for an unknown code, text that cannot be
    one, or (with `published`) a letter its school has not published. Kept in the shared cache
    (pagecache) until the lists change: a report issued, a letter published or taken down."""
    code = normalise_code(text)
    if code is None:
        return 0

    def find() -> int:
        found = _CODED(code=code)
        if not found or (published and not publishing.is_published_letter(found[0])):
            return 0
        return found[0]

    return pagecache.remember("letter-code", (code, published), [pagecache.LISTS], find)


@dataclass(frozen=True)
class IssuedLetter:
    """What the letter's pages (the school's letter page, the public verification page and the
    public letter) read of an issued report, its assessment, school and award level: plain
    values, read by one prepared query (issued_letter), or taken from the models
    (IssuedLetter.of). The attributes the pages' templates read of a report (`pk`, `revision`,
    `verification_code`, `size_label`) have the report's names, and award_end reads one as it
    reads an assessment."""

    pk: int
    revision: int
    size: int
    sha256: str
    verification_code: str | None
    letter_html: str
    assessment_id: int
    assessment_revision: int
    school_id: int
    school_name: str  # the letter's school (Assessment.letter_school): its name
    school_letter_name: str  # and the name its address block uses
    kind_name: str
    level_name: str
    next_visit_label: str
    outcome: str
    letter_date: datetime.date | None
    confirmed_at: datetime.datetime | None
    expires_on: datetime.date | None
    reassessment_years: int | None
    visit_start: datetime.date | None
    visit_end: datetime.date | None

    @property
    def size_label(self) -> str:
        return file_size_label(self.size)

    @property
    def award_date(self) -> datetime.date | None:
        return award_date_of(self.letter_date, self.confirmed_at)

    @property
    def valid_until(self) -> datetime.date | None:
        return valid_until_of(self.award_date, self.reassessment_years)

    @classmethod
    def of(cls, report: IssuedReport) -> IssuedLetter:
        """The letter of a report read as models."""
        assessment = report.assessment
        school = assessment.letter_school()
        level = assessment.kind.award_level
        return cls(
            *(report.pk, report.revision, report.size, report.sha256, report.verification_code),
            *(report.letter_html, assessment.pk, assessment.revision, assessment.school_id),
            *(school.name, school.letter_name, assessment.kind.name, level.name, level.next_visit_label),
            *(assessment.outcome, assessment.letter_date, assessment.confirmed_at, assessment.expires_on),
            *(assessment.reassessment_years, assessment.visit_start, assessment.visit_end),
        )


_LETTER_COLUMNS = (
    "pk",
    "revision",
    "size",
    "sha256",
    "verification_code",
    "letter_html",
    "assessment_id",
    "assessment__revision",
    "assessment__school_id",
    "assessment__status",
    "assessment__school_snapshot",
    "assessment__school__name",
    "assessment__school__addressed_name",
    "assessment__kind__name",
    "assessment__kind__award_level__name",
    "assessment__kind__award_level__next_visit_label",
    "assessment__outcome",
    "assessment__letter_date",
    "assessment__confirmed_at",
    "assessment__expires_on",
    "assessment__reassessment_years",
    "assessment__visit_start",
    "assessment__visit_end",
)
_LETTER = Prepared(lambda pk: IssuedReport.objects.filter(pk=pk).values_list(*_LETTER_COLUMNS))


def issued_letter(report_pk: int) -> IssuedLetter:
    """The IssuedLetter of the report `report_pk` (which exists). One query."""
    ((pk, revision, size, sha256, code, body, assessment_id, *row),) = _LETTER(pk=report_pk)
    assessment_revision, school_id, status, snapshot, name, addressed_name, *row = row
    school = snapshot_school(status, snapshot, school_id) or School(name=name, addressed_name=addressed_name)
    return IssuedLetter(
        *(pk, revision, size, sha256, code, body, assessment_id, assessment_revision, school_id),
        *(school.name, school.letter_name, *row),
    )


def _letter(report: IssuedReport | IssuedLetter) -> IssuedLetter:
    return report if isinstance(report, IssuedLetter) else IssuedLetter.of(report)


class State:
    CURRENT = "current"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


@dataclass(frozen=True)
class LetterStatus:
    """Where an issued letter stands today."""

    state: str
    label: str
    explanation: str
    newer: IssuedReport | None = None


# The latest confirmed revision that corrects an assessment, as (id, revision); compiled once.
_LATER_REVISION = Prepared(
    lambda pk: (
        Assessment.objects.filter(revision_of_id=pk, status=Status.CONFIRMED)
        .order_by("-revision")
        .values_list("pk", "revision")[:1]
    )
)


def newest_revision_of(assessment_id: int, revision: int) -> tuple[int, int]:
    """(id, revision) of the latest confirmed revision in the chain of corrections of the
    assessment `assessment_id` (of revision `revision`): its own for none. One query a link of
    the chain, one for none."""
    current = (assessment_id, revision)
    for _ in range(100):  # a chain is a handful long; the bound stops a loop in bad data
        later = _LATER_REVISION(pk=current[0])
        if not later:
            break
        current = later[0]
    return current


def newest_revision(assessment: Assessment) -> Assessment:
    """The latest confirmed revision in the assessment's chain of corrections (itself if none)."""
    pk, _ = newest_revision_of(assessment.pk, assessment.revision)
    return assessment if pk == assessment.pk else Assessment.objects.get(pk=pk)


def award_end(assessment: Assessment | IssuedLetter) -> datetime.date | None:
    """The day the award runs out (recorded at confirmation), for a successful visit (of an
    assessment, or of the assessment of an IssuedLetter)."""
    if assessment.outcome != Outcome.YES:
        return None
    return assessment.expires_on or assessment.valid_until


def letter_status(report: IssuedReport | IssuedLetter, *, today: datetime.date | None = None) -> LetterStatus:
    """Superseded when a later revision of the assessment has been issued (which one is `newer`);
    otherwise expired when the award it confirms has run out; otherwise current."""
    today = today or timezone.localdate()
    letter = _letter(report)
    newest, revision = newest_revision_of(letter.assessment_id, letter.assessment_revision)
    if newest != letter.assessment_id:
        newer = IssuedReport.objects.filter(assessment_id=newest).first()
        return LetterStatus(
            State.SUPERSEDED,
            "Superseded",
            f"This letter was corrected: revision {revision} replaces it.",
            newer=newer,
        )
    end = award_end(letter)
    if end is not None and end < today:
        return LetterStatus(
            State.EXPIRED,
            "Expired",
            f"The award this letter confirms ran out on {plain_date(end)}.",
        )
    if letter.outcome != Outcome.YES:
        return LetterStatus(
            State.CURRENT,
            "Current",
            "This is the letter IQM issued for this visit, and the latest; it makes no award.",
        )
    return LetterStatus(State.CURRENT, "Current", "This is the letter IQM issued, and it is in force.")


def page_details(report: IssuedReport | IssuedLetter) -> dict:
    """What the public page shows of an issued letter: only what the letter itself prints."""
    letter = _letter(report)
    awarded = letter.outcome == Outcome.YES
    end = award_end(letter)
    return {
        "school": letter.school_name,
        "kind": letter.kind_name,
        "award_level": letter.level_name if awarded else "None awarded",
        "outcome": _OUTCOMES.get(letter.outcome, letter.outcome) if letter.outcome else "",
        "visit_dates": plain_date_range(letter.visit_start, letter.visit_end),
        "confirmed_on": plain_date(letter.confirmed_at.date()) if letter.confirmed_at else "",
        "letter_date": plain_date(letter.letter_date),
        "next_visit_label": letter.next_visit_label,
        "award_end": plain_date(end) if end else "",
        "revision": letter.revision,
        "sha256": letter.sha256,
        "code": letter.verification_code,
        "display_code": display_code(letter.verification_code),
    }


# Assessment.get_outcome_display's labels.
_OUTCOMES = dict(Outcome.choices)


@dataclass(frozen=True)
class UploadCheck:
    """The answer to an uploaded file: `genuine`, and the reasons, for the page."""

    genuine: bool
    headline: str
    reasons: tuple[str, ...]


NOT_ISSUED = "Not the letter we issued"
GENUINE = "Genuine"


def upload_check(report: IssuedReport, content: bytes) -> UploadCheck:
    """Whether `content` is, byte for byte, the letter issued under this code, and carries IQM's
    valid signature. Reads only the bytes given; stores nothing. The signature is read only of
    a file whose bytes are the letter's: any other file is not the letter, and parsing it would
    spend the server's time on whatever anyone uploads."""
    from reports.signing import SigningUnavailable, signature_check

    if not content.startswith(b"%PDF-"):
        return UploadCheck(False, NOT_ISSUED, ("The file is not a PDF.",))
    if hashlib.sha256(content).hexdigest() != report.sha256:
        return UploadCheck(
            False,
            NOT_ISSUED,
            (
                "The file differs from the one IQM issued under this code: it may have been "
                "changed, or be another letter.",
            ),
        )
    # The stored SHA-256 is of the signed bytes as issued: the same bytes are the letter,
    # whatever becomes of the key later (a renewed certificate no longer validates it).
    reasons = ["The file is exactly the one IQM issued under this code."]
    try:
        signature = signature_check(content)
    except SigningUnavailable:
        signature = None
    if signature is not None and signature.valid:
        reasons.append(signature.reason)
    else:
        reasons.append(
            "Its signature was made with a key IQM has since replaced; the file's fingerprint is "
            "the one recorded when it was issued."
        )
    return UploadCheck(True, GENUINE, tuple(reasons))


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list:
    """reports.W001: in production the verification address printed on every letter (and its QR
    code and the badge snippet) is SITE_URL; a local address there is a letter nobody can check."""
    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if settings.DEBUG or host not in ("127.0.0.1", "localhost", "::1", ""):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: every issued letter prints its verification address "
            "from it, so no one outside this machine could reach it.",
            hint="Set SITE_URL to the public address of the app, e.g. https://iqm.example.org.",
            id="reports.W001",
        )
    ]
