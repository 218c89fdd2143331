"""Fill a database with thousands of schools and their assessment histories, for benchmarks.

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py seed_bulk --schools 10000 --assessments-per-school 3

A command of the development-only bench app: bench.settings installs it, the product's settings
(iqm.settings) do not, so a production server's `manage.py` has no seed_bulk.

Everything is drawn from a seeded random.Random, so the same options on the same day give the
same data. All rows go in as bulk inserts inside one transaction, so an error (or Ctrl-C) leaves
the database as it was, and the placeholder PDFs already stored are deleted again.

How it stays fast (10,000 schools, 2.76 million rows, in about a minute on two shared cores;
docs/performance.md has the measurements and the versions that led here):

- Ids are set aside up front — a block of each table's sequence on PostgreSQL, the ids after the
  largest on SQLite — so every row can be built without a round trip to learn the id of the row
  it points at.
- A helper thread builds the next round of 250 schools while the main thread writes the current
  one; PDFs are stored by two more threads. Only the main thread touches the database.
- On PostgreSQL the rows go in through COPY, and the foreign keys of the tables being filled are
  dropped for the load and added back, unchanged, before the commit (PostgreSQL's advice for bulk
  loads: one check per key over the whole table instead of a query per row). Elsewhere, rows go
  in through bulk_create(batch_size=…). The first, bulk_create-only version of this command took
  about four minutes on PostgreSQL.
- The seeding transaction locks the tables it fills: other sessions, readers included, wait for
  it. Seed a database nobody is using.

Neither path calls Model.save(), so the frozen-content guard (FrozenAssessmentError) and
django-simple-history do not run: confirmed assessments are inserted already confirmed, with
their findings and statements, and seeded rows have no edit history. That is what a seeder wants;
the workflow's own rules are exercised by the services and their tests.
"""

import datetime
import hashlib
import io
import itertools
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, reset_queries, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Role, User
from assessments.awards import refresh_newest_awards
from assessments.dates import add_years
from assessments.kinds import BUILTIN_KINDS, BUILTIN_LEVELS
from assessments.models import (
    Assessment,
    Element,
    Event,
    Finding,
    Framework,
    Kind,
    Outcome,
    Statement,
    StatementKind,
    Status,
)
from pagecache import topics as pagecache
from reports.models import IssuedReport
from schools.models import Phase, School

# The demo (load_demo) holds one school; anything more means real or seeded data is present.
DEMO_SCHOOLS = 3  # The Heath School, the fictional Brookfield Primary School and Meadowbank Primary School
# Schools built, written and reported on per round; keeps memory flat for any --schools.
SCHOOLS_PER_ROUND = 250
# The most schools one run makes (with three visits each, some 28 million rows).
MAX_SCHOOLS = 100_000
# The 2010 framework was replaced by the Evaluative Framework around 2019–2020.
CURRENT_FRAMEWORK_FROM = datetime.date(2020, 9, 1)
OLD_FRAMEWORK_UNTIL = datetime.date(2019, 9, 1)
LAST_VISIT = datetime.date(2027, 12, 17)
# The first visits on record (a school's earliest lies on or after it unless it has many visits).
FIRST_VISIT = datetime.date(2010, 1, 4)
PLACEHOLDER_DIR = "issued-placeholders"

# Where a school's latest visit stands, by the school's position in the run (index % 20), so that
# even a run of five schools holds every status. Earlier visits are always confirmed.
LATEST_VISIT_STATE = {0: "upcoming", 10: "upcoming", 1: "submitted", 2: "returned", 3: "writing"}

# Words ------------------------------------------------------------------------------------------

TOWNS = [
    # town, county, local authority, postcode area
    ("Runcorn", "Cheshire", "Halton", "WA"), ("Widnes", "Cheshire", "Halton", "WA"),
    ("Warrington", "Cheshire", "Warrington", "WA"), ("Chester", "Cheshire", "Cheshire West and Chester", "CH"),
    ("Crewe", "Cheshire", "Cheshire East", "CW"), ("Macclesfield", "Cheshire", "Cheshire East", "SK"),
    ("Liverpool", "Merseyside", "Liverpool", "L"), ("Birkenhead", "Merseyside", "Wirral", "CH"),
    ("St Helens", "Merseyside", "St Helens", "WA"), ("Southport", "Merseyside", "Sefton", "PR"),
    ("Manchester", "Greater Manchester", "Manchester", "M"), ("Salford", "Greater Manchester", "Salford", "M"),
    ("Bolton", "Greater Manchester", "Bolton", "BL"), ("Wigan", "Greater Manchester", "Wigan", "WN"),
    ("Stockport", "Greater Manchester", "Stockport", "SK"), ("Oldham", "Greater Manchester", "Oldham", "OL"),
    ("Preston", "Lancashire", "Lancashire", "PR"), ("Blackburn", "Lancashire", "Blackburn with Darwen", "BB"),
    ("Blackpool", "Lancashire", "Blackpool", "FY"), ("Lancaster", "Lancashire", "Lancashire", "LA"),
    ("Leeds", "West Yorkshire", "Leeds", "LS"), ("Bradford", "West Yorkshire", "Bradford", "BD"),
    ("Wakefield", "West Yorkshire", "Wakefield", "WF"), ("Huddersfield", "West Yorkshire", "Kirklees", "HD"),
    ("Sheffield", "South Yorkshire", "Sheffield", "S"), ("Doncaster", "South Yorkshire", "Doncaster", "DN"),
    ("York", "North Yorkshire", "York", "YO"), ("Hull", "East Riding of Yorkshire", "Kingston upon Hull", "HU"),
    ("Newcastle upon Tyne", "Tyne and Wear", "Newcastle upon Tyne", "NE"),
    ("Sunderland", "Tyne and Wear", "Sunderland", "SR"), ("Durham", "County Durham", "Durham", "DH"),
    ("Middlesbrough", "North Yorkshire", "Middlesbrough", "TS"), ("Carlisle", "Cumbria", "Cumberland", "CA"),
    ("Birmingham", "West Midlands", "Birmingham", "B"), ("Coventry", "West Midlands", "Coventry", "CV"),
    ("Wolverhampton", "West Midlands", "Wolverhampton", "WV"), ("Walsall", "West Midlands", "Walsall", "WS"),
    ("Dudley", "West Midlands", "Dudley", "DY"), ("Stoke-on-Trent", "Staffordshire", "Stoke-on-Trent", "ST"),
    ("Shrewsbury", "Shropshire", "Shropshire", "SY"), ("Worcester", "Worcestershire", "Worcestershire", "WR"),
    ("Hereford", "Herefordshire", "Herefordshire", "HR"), ("Nottingham", "Nottinghamshire", "Nottingham", "NG"),
    ("Derby", "Derbyshire", "Derby", "DE"), ("Leicester", "Leicestershire", "Leicester", "LE"),
    ("Lincoln", "Lincolnshire", "Lincolnshire", "LN"), ("Northampton", "Northamptonshire", "West Northamptonshire", "NN"),
    ("Peterborough", "Cambridgeshire", "Peterborough", "PE"), ("Cambridge", "Cambridgeshire", "Cambridgeshire", "CB"),
    ("Norwich", "Norfolk", "Norfolk", "NR"), ("Ipswich", "Suffolk", "Suffolk", "IP"),
    ("Colchester", "Essex", "Essex", "CO"), ("Chelmsford", "Essex", "Essex", "CM"),
    ("Luton", "Bedfordshire", "Luton", "LU"), ("Watford", "Hertfordshire", "Hertfordshire", "WD"),
    ("Oxford", "Oxfordshire", "Oxfordshire", "OX"), ("Reading", "Berkshire", "Reading", "RG"),
    ("Slough", "Berkshire", "Slough", "SL"), ("Milton Keynes", "Buckinghamshire", "Milton Keynes", "MK"),
    ("Croydon", "Greater London", "Croydon", "CR"), ("Enfield", "Greater London", "Enfield", "EN"),
    ("Harrow", "Greater London", "Harrow", "HA"), ("Ilford", "Greater London", "Redbridge", "IG"),
    ("Romford", "Greater London", "Havering", "RM"), ("Bromley", "Greater London", "Bromley", "BR"),
    ("Kingston upon Thames", "Greater London", "Kingston upon Thames", "KT"),
    ("Hackney", "Greater London", "Hackney", "E"), ("Lewisham", "Greater London", "Lewisham", "SE"),
    ("Brent", "Greater London", "Brent", "NW"), ("Ealing", "Greater London", "Ealing", "W"),
    ("Maidstone", "Kent", "Kent", "ME"), ("Canterbury", "Kent", "Kent", "CT"),
    ("Brighton", "East Sussex", "Brighton and Hove", "BN"), ("Crawley", "West Sussex", "West Sussex", "RH"),
    ("Guildford", "Surrey", "Surrey", "GU"), ("Southampton", "Hampshire", "Southampton", "SO"),
    ("Portsmouth", "Hampshire", "Portsmouth", "PO"), ("Bournemouth", "Dorset", "Bournemouth, Christchurch and Poole", "BH"),
    ("Salisbury", "Wiltshire", "Wiltshire", "SP"), ("Swindon", "Wiltshire", "Swindon", "SN"),
    ("Bristol", "Bristol", "Bristol", "BS"), ("Bath", "Somerset", "Bath and North East Somerset", "BA"),
    ("Gloucester", "Gloucestershire", "Gloucestershire", "GL"), ("Exeter", "Devon", "Devon", "EX"),
    ("Plymouth", "Devon", "Plymouth", "PL"), ("Truro", "Cornwall", "Cornwall", "TR"),
    ("Taunton", "Somerset", "Somerset", "TA"), ("Cardiff", "South Glamorgan", "Cardiff", "CF"),
    ("Swansea", "West Glamorgan", "Swansea", "SA"), ("Newport", "Gwent", "Newport", "NP"),
    ("Wrexham", "Clwyd", "Wrexham", "LL"),
]  # fmt: skip
PLACES = [
    "Oak Hill", "Meadowbank", "Ashfield", "Brookside", "Hillcrest", "Westfield", "Northgate", "Riverside",
    "Elm Tree", "Greenacres", "Fairfield", "Highfield", "Moorside", "Kingsway", "Parkland", "Beechwood",
    "Hollybank", "Lakeside", "Millbrook", "Orchard", "Redhill", "Sandford", "Thornbury", "Valley",
    "Willowbrook", "Abbey", "Castle View", "Church Lane", "Holy Trinity", "Heathfield", "Langley",
    "Marsh Green", "Newlands", "Priory", "Queensbury", "Rosehill", "Southfields", "Stonebridge",
    "Whitecross", "Woodlands", "Bishop's Park", "Cherry Tree", "Eastbrook", "Foxwood", "Goldthorpe",
    "Hawthorn", "Ivy Lane", "Juniper", "Larkspur", "Mayfield",
]  # fmt: skip
SAINTS = ["Mary's", "Joseph's", "John's", "Peter's", "Anne's", "Michael's", "Bede's", "Chad's",
          "Augustine's", "Thomas More", "Patrick's", "Wilfrid's", "Hilda's", "Aidan's", "Edmund's"]  # fmt: skip
SCHOOL_PATTERNS = [
    # pattern, phase, roll range
    ("{place} Primary School", Phase.PRIMARY, (150, 650)),
    ("{place} Community Primary School", Phase.PRIMARY, (150, 500)),
    ("{place} Church of England Primary School", Phase.PRIMARY, (90, 420)),
    ("St {saint} Catholic Primary School", Phase.PRIMARY, (120, 450)),
    ("{place} Infant School", Phase.PRIMARY, (90, 360)),
    ("{place} Junior School", Phase.PRIMARY, (120, 480)),
    ("{place} Academy", Phase.SECONDARY, (600, 1600)),
    ("{place} High School", Phase.SECONDARY, (700, 1800)),
    ("{place} Community College", Phase.SECONDARY, (600, 1400)),
    ("St {saint} Catholic High School", Phase.SECONDARY, (600, 1300)),
    ("{place} All-Through School", Phase.ALL_THROUGH, (900, 2000)),
    ("{place} Special School", Phase.SPECIAL, (40, 220)),
    ("{place} Pupil Referral Unit", Phase.ALTERNATIVE, (20, 120)),
    ("The {place} School", Phase.OTHER, (100, 900)),
]  # fmt: skip
STREETS = ["School Lane", "Church Road", "High Street", "Park Avenue", "Mill Lane", "Station Road",
           "Victoria Road", "Green Lane", "Manor Way", "Queens Drive", "Chapel Street", "Beech Grove"]  # fmt: skip
FIRST_NAMES = ["Alex", "Amira", "Ben", "Bethan", "Chris", "Claire", "Daniel", "Deepa", "Eleri", "Emma",
               "Farah", "Gareth", "Grace", "Hannah", "Imran", "James", "Joanne", "Kwame", "Laura", "Liam",
               "Maria", "Megan", "Nadia", "Owen", "Priya", "Rachel", "Rhys", "Sarah", "Siobhan", "Tom"]  # fmt: skip
LAST_NAMES = ["Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
              "Jones", "Khan", "Lewis", "Morgan", "Nolan", "O'Brien", "Patel", "Quinn", "Roberts", "Singh",
              "Taylor", "Walsh", "Williams", "Wright", "Yates", "Zielinski"]  # fmt: skip
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr"]

SUBJECTS = [
    "Pupils", "Learners with special educational needs", "Staff", "The leadership team", "Governors",
    "Parents and carers", "The SENCO", "Teaching assistants", "Learners with English as an additional language",
    "Middle leaders", "The pastoral team", "Pupils in receipt of the pupil premium", "Class teachers",
    "The inclusion manager", "Older pupils", "The school council", "Subject leaders", "Visitors",
]  # fmt: skip
VERBS = [
    "demonstrate", "benefit from", "contribute to", "speak highly of", "are proud of", "help to sustain",
    "take responsibility for", "are closely involved in", "show a clear understanding of", "value",
    "make effective use of", "have helped to develop", "regularly review", "celebrate",
]  # fmt: skip
OBJECTS = [
    "a strong culture of inclusion", "the school's tracking of progress", "carefully planned interventions",
    "a calm and purposeful learning environment", "well-targeted support in reading",
    "the school's clear vision and values", "high expectations of behaviour", "an inclusive curriculum",
    "regular and useful feedback", "the nurture provision", "partnerships with local agencies",
    "the breakfast and after-school clubs", "peer mentoring", "the wide range of enrichment activities",
    "assessment information that is used well", "the accessible site and resources", "transition support",
    "staff training on autism and attachment", "the work of the family liaison officer",
    "opportunities for pupil voice", "an ambitious programme of professional development",
]  # fmt: skip
QUALIFIERS = [
    "across all key stages", "in every classroom visited", "with evident pride", "throughout the day",
    "from the moment they join the school", "in lessons and at unstructured times", "consistently",
    "and this is reflected in outcomes", "as the portfolio shows", "as parents confirmed during the visit",
    "which is a strength of the school", "and the impact is clear", "since the last assessment",
]  # fmt: skip
AREA_STEMS = [
    "Continue to develop", "Extend", "Review the impact of", "Share more widely", "Embed further",
    "Evaluate more rigorously", "Strengthen links between", "Involve parents more closely in",
]  # fmt: skip
RETURN_COMMENTS = [
    "Please add a strength for Element 4 and check the dates of the visit.",
    "The summary repeats the context section; please shorten it.",
    "Some areas for development read as strengths. Please revise.",
    "Please confirm the number on roll and the outcome.",
]  # fmt: skip
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode unit uses


class Words:
    """Sentences and paragraphs built from the word lists; cheap to draw from once built."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
            for _ in range(4000)
        ]
        self.areas = [
            f"{rng.choice(AREA_STEMS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}." for _ in range(1000)
        ]

    def sentence(self) -> str:
        return self.rng.choice(self.sentences)

    def area(self) -> str:
        return self.rng.choice(self.areas)

    def paragraphs(self, low: int, high: int, sentences: tuple[int, int] = (2, 5)) -> str:
        """Between low and high paragraphs, separated by blank lines, as the letter prints them."""
        rng = self.rng
        return "\n\n".join(
            " ".join(rng.choices(self.sentences, k=rng.randint(*sentences)))
            for _ in range(rng.randint(low, high))
        )


# Placeholder PDFs -------------------------------------------------------------------------------


def placeholder_pdf(assessment_id: int) -> bytes:
    """A one-page PDF that says it is a placeholder, not a rendered letter."""
    text = f"PLACEHOLDER - seeded by seed_bulk for assessment {assessment_id}; not a rendered letter."
    stream = f"BT /F1 12 Tf 56 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Placeholder for assessment %d) /Producer (seed_bulk) >>" % assessment_id,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@dataclass
class Issued:
    """A confirmed assessment that gets a placeholder PDF."""

    assessment_id: int
    confirmed_at: datetime.datetime
    confirmed_by_id: int


@dataclass
class PlaceholderPdf:
    """A stored placeholder: what an IssuedReport row needs."""

    assessment_id: int
    name: str
    sha256: str
    size: int
    created_at: datetime.datetime
    created_by_id: int


def store_placeholder_pdfs(issued: list[Issued], written: list[str]) -> list[PlaceholderPdf]:
    """Store a placeholder PDF per confirmed assessment through Django's storage API, so the files
    land wherever issued PDFs live (a folder, or S3). Returns what each IssuedReport row needs.

    Appends each stored name to `written` as soon as it exists, so a failed run can remove them.
    """
    stored = []
    for item in issued:
        data = placeholder_pdf(item.assessment_id)
        name = default_storage.save(f"{PLACEHOLDER_DIR}/{item.assessment_id}-r1.pdf", ContentFile(data))
        written.append(name)
        stored.append(
            PlaceholderPdf(
                assessment_id=item.assessment_id,
                name=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                created_at=item.confirmed_at,
                created_by_id=item.confirmed_by_id,
            )
        )
    return stored


def record_issued_reports(pdfs: list[PlaceholderPdf], batch_size: int) -> int:
    """Create an IssuedReport row per stored placeholder; returns the count."""
    if not pdfs:
        return 0
    rows = [
        IssuedReport(
            assessment_id=pdf.assessment_id,
            revision=1,
            file=pdf.name,
            filename=f"IQM-report-placeholder-{pdf.assessment_id}.pdf",
            sha256=pdf.sha256,
            size=pdf.size,
            created_at=pdf.created_at,
            created_by_id=pdf.created_by_id,
        )
        for pdf in pdfs
    ]
    IssuedReport.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


# Ids and rows -----------------------------------------------------------------------------------

# Tables whose ids are set aside: other inserts into them wait for the seeding transaction.
RESERVED = (School, User, Assessment, Finding)
# Tables the seeder fills, whose foreign keys it sets aside while it does (PostgreSQL).
FILLED = (School, User, Assessment, Assessment.co_assessors.through, Finding, Statement, Event)


def lock_reserved_tables() -> None:
    """On PostgreSQL, hold off other inserts into the tables whose ids are set aside."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in RESERVED)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


def set_foreign_keys_aside() -> list[tuple[str, str, str]]:
    """Drop the foreign keys of the tables to be filled (PostgreSQL); returns what restores them.

    PostgreSQL's own advice for bulk loads ("Populating a Database"): checked row by row, the
    keys cost more than everything else about a statement row put together (one query per key
    per row); added back at the end, each is checked in one pass over its table. All of this
    happens inside the seeding transaction, so no other session ever sees a table without its
    keys; a row that broke one would fail the run, and the rollback would restore them.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        # Run now the checks an enclosing transaction has deferred: PostgreSQL will not alter a
        # table that has some pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid, conname",
            [[model._meta.db_table for model in FILLED]],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def restore_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    """Add the foreign keys back as they were; PostgreSQL checks every row as it does."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        # Back to deferred checks for the rest of an enclosing transaction, as Django declares them.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reserve_ids(model: type[models.Model], count: int) -> Iterator[int]:
    """Set aside `count` consecutive ids for the model's rows; returns them as an iterator.

    PostgreSQL: advance the table's sequence past them (no other insert can take one meanwhile:
    the table is locked). SQLite: the ids after the largest in the table.
    """
    if count == 0:
        return iter(())
    if connection.vendor == "postgresql":
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), nextval(pg_get_serial_sequence(%s, %s)) + %s)",
                [table, column, table, column, count - 1],
            )
            last = cursor.fetchone()[0]
        return iter(range(last - count + 1, last + 1))
    first = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return iter(range(first, first + count))


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\n" in value or "\r" in value or "\t" in value:
            value = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass
class Rows:
    """Rows of one model, ready for the database: COPY text, or unsaved instances."""

    model: type[models.Model]
    count: int
    copy_sql: str = ""
    copy_data: bytes = b""
    objects: list = field(default_factory=list)


class RowWriter:
    """Turns tuples of attribute values into Rows (in any thread), and writes Rows (in the thread
    that owns the connection): COPY on PostgreSQL, bulk_create elsewhere.

    Fields left out of `columns` get their model default; auto_now fields the time of the run.
    """

    def __init__(self, vendor: str, batch_size: int):
        self.copy = vendor == "postgresql"
        self.batch_size = batch_size
        self.now = timezone.now()
        self.quote = connection.ops.quote_name  # read here: `connection` is per thread

    def prepare(self, model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> Rows:
        if not self.copy:
            return Rows(
                model, len(rows), objects=[model(**dict(zip(columns, row, strict=True))) for row in rows]
            )
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        extra = tuple(self._default(f) for f in rest)
        quote = self.quote
        names = ", ".join([quote(fields[name].column) for name in columns] + [quote(f.column) for f in rest])
        # COPY's text format, which Python writes faster than the csv module does long texts.
        data = "".join("\t".join(map(_copy_text, row + extra)) + "\n" for row in rows)
        return Rows(
            model,
            len(rows),
            copy_sql=f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN",
            copy_data=data.encode(),
        )

    def _default(self, f: models.Field):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now
        if not f.has_default() and not f.null:
            raise ValueError(f"{f.model.__name__}.{f.name} needs a value: it has no default.")
        return f.get_default()

    def write(self, rows: Rows) -> None:
        if not rows.count:
            return
        if not self.copy:
            # Seeded confirmed rows go in with their content in one go, as COPY does: the plain
            # QuerySet.bulk_create, not the frozen-content guard that app code goes through.
            models.QuerySet.bulk_create(
                rows.model._base_manager.all(), rows.objects, batch_size=self.batch_size
            )
            return
        with connection.cursor() as cursor:
            # One read of the whole payload: psycopg2 would otherwise take the GIL back for every
            # 8 kB, waiting each time for the builder thread to let go of it.
            # The size positionally: with DEBUG on, Django's debug cursor takes no keywords here.
            cursor.copy_expert(rows.copy_sql, io.BytesIO(rows.copy_data), len(rows.copy_data))


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def computed_ahead(items: Iterable, depth: int = 2) -> Iterator:
    """Yield the items, computed by a helper thread up to `depth` items ahead, so that building the
    next round overlaps with the database writing this one. An error in the thread is raised here."""
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as error:  # handed over and raised in the consuming thread
            put(_Failed(error))

    thread = threading.Thread(target=work, name="seed-bulk-builder", daemon=True)
    thread.start()
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join(timeout=10)


# The plan of one school's visits ----------------------------------------------------------------


@dataclass
class Visit:
    """One planned assessment and the workflow events that led to its status."""

    kind: str
    status: str
    visit_start: datetime.date
    visit_end: datetime.date
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None = None
    returned_at: datetime.datetime | None = None
    resubmitted_at: datetime.datetime | None = None
    confirmed_at: datetime.datetime | None = None
    outcome: str = Outcome.YES


def at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A working-hours moment on the day, in UTC."""
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=datetime.UTC
    )


def weekday(day: datetime.date) -> datetime.date:
    """The day, or the Monday after it if it falls on a weekend."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def next_kind(kinds: list[str], rng: random.Random) -> str:
    """The kind of the visit after these: a reassessment every three years, or yearly Centre of
    Excellence reviews, and Flagship reviews after three years as a Centre of Excellence."""
    last = kinds[-1]
    if last in (Kind.ASSESSMENT, Kind.REASSESSMENT):
        return Kind.COE_REVIEW if rng.random() < 0.3 else Kind.REASSESSMENT
    if last == Kind.COE_REVIEW:
        coe_years = len(kinds) - len(
            list(itertools.dropwhile(lambda k: k == Kind.COE_REVIEW, reversed(kinds)))
        )
        return Kind.FLAGSHIP_REVIEW if coe_years >= 3 and rng.random() < 0.5 else Kind.COE_REVIEW
    return Kind.FLAGSHIP_REVIEW


def plan_visits(count: int, state: str, today: datetime.date, rng: random.Random) -> list[Visit]:
    """A school's visits, oldest first. The latest stands in `state`; the others are confirmed.

    Kinds run forwards (first assessment, then reassessments or reviews); dates run backwards from
    the latest visit, each earlier one an award interval before the next.
    """
    start = rng.random()
    kinds = [Kind.ASSESSMENT if start < 0.8 else Kind.COE_REVIEW if start < 0.93 else Kind.FLAGSHIP_REVIEW]
    while len(kinds) < count:
        kinds.append(next_kind(kinds, rng))

    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    days = datetime.timedelta
    if state == "upcoming":
        latest = today + days(rng.randint(7, min(400, max(7, (LAST_VISIT - today).days))))
    elif state == "writing":
        latest = today - days(rng.randint(2, 20))
    elif state == "submitted":
        latest = today - days(rng.randint(12, 45))
    elif state == "returned":
        latest = today - days(rng.randint(20, 60))
    else:
        # Early enough to leave room for the earlier visits after FIRST_VISIT, when there is room.
        years_before = sum(INTERVALS[kind] for kind in kinds[:-1])
        last = today - days(90)
        first = min(add_years(FIRST_VISIT, years_before) + days(45 * (count - 1)), last)
        latest = first + days(rng.randint(0, (last - first).days))

    # Earlier visits are confirmed, so they lie well in the past even when the latest is upcoming.
    starts = [weekday(latest)]
    for kind in reversed(kinds[:-1]):
        interval = INTERVALS[kind]
        earlier = add_years(starts[-1], -interval) + days(rng.randint(-40, 20))
        starts.append(weekday(min(earlier, today - days(rng.randint(100, 200)))))
    starts.reverse()

    visits = []
    for number, (kind, visit_start) in enumerate(zip(kinds, starts, strict=True)):
        visit_end = visit_start + days(1 if rng.random() < 0.6 else 0)
        created = min(at(visit_start - days(rng.randint(30, 150)), rng), now - days(1))
        visit = Visit(
            kind=kind, status=Status.DRAFT, visit_start=visit_start, visit_end=visit_end, created_at=created
        )
        this_state = state if number == count - 1 else "confirmed"
        if this_state in ("upcoming", "writing"):
            visit.outcome = ""
        elif this_state == "submitted":
            visit.status = Status.SUBMITTED
            visit.submitted_at = min(at(visit_end + days(rng.randint(3, 10)), rng), now - days(1))
        elif this_state == "returned":
            visit.status = Status.RETURNED
            visit.submitted_at = at(visit_end + days(rng.randint(3, 10)), rng)
            visit.returned_at = min(visit.submitted_at + days(rng.randint(2, 8)), now - days(1))
        else:
            visit.status = Status.CONFIRMED
            visit.submitted_at = at(visit_end + days(rng.randint(3, 25)), rng)
            last_submit = visit.submitted_at
            if rng.random() < 0.15:
                visit.returned_at = visit.submitted_at + days(rng.randint(2, 10))
                visit.resubmitted_at = visit.returned_at + days(rng.randint(1, 10))
                last_submit = visit.resubmitted_at
            visit.confirmed_at = min(last_submit + days(rng.randint(1, 14)), now - days(1))
            roll = rng.random()
            visit.outcome = Outcome.YES if roll < 0.94 else Outcome.DEFERRED if roll < 0.98 else Outcome.NO
        visits.append(visit)
    return visits


def framework_for(day: datetime.date, frameworks: dict, rng: random.Random):
    if day < OLD_FRAMEWORK_UNTIL:
        return frameworks["2010"]
    if day >= CURRENT_FRAMEWORK_FROM:
        return frameworks["current"]
    return frameworks["current"] if rng.random() < 0.5 else frameworks["2010"]


# Building the rows ------------------------------------------------------------------------------


@dataclass
class Round:
    """A round of schools: the rows to write, in order, the PDFs to store, and the row counts."""

    writes: list[Rows]
    issued: list[Issued]
    counts: Counter


SCHOOL_COLUMNS = (
    "id", "name", "addressed_name", "address_lines", "town", "county", "postcode", "local_authority", "phase",
    "number_on_roll", "headteacher_title", "headteacher_name",
)  # fmt: skip
USER_COLUMNS = (
    "id", "username", "first_name", "last_name", "email", "role", "school_id", "password", "job_title",
    "post_nominals",
)  # fmt: skip
# The built-in kinds' intervals and award names (assessments.kinds), by kind code.
INTERVALS = {code: years for code, _, _, years, *_ in BUILTIN_KINDS}
LEVEL_NAMES = {
    code: next(spec["name"] for spec in BUILTIN_LEVELS if spec["code"] == level)
    for code, _, level, *_ in BUILTIN_KINDS
}
ASSESSMENT_COLUMNS = (
    "id", "school_id", "framework_id", "kind_id", "status", "visit_start", "visit_end", "letter_date",
    "lead_assessor_id", "summary", "recommendation", "outcome", "reassessment_years", "context", "evidence",
    "return_comment", "submitted_at", "confirmed_by_id", "confirmed_at", "previous_assessment_id", "expires_on",
)  # fmt: skip
# Where each value sits in an assessment row.
A = {name: index for index, name in enumerate(ASSESSMENT_COLUMNS)}
FINDING_COLUMNS = ("id", "assessment_id", "element_id", "narrative", "no_significant_areas")
STATEMENT_COLUMNS = ("assessment_id", "finding_id", "kind", "position", "text")
EVENT_COLUMNS = ("assessment_id", "action", "from_status", "to_status", "by_id", "at", "comment")
JOB_TITLES = {Role.DIRECTOR: "Director of Inclusion Quality Mark Ltd", Role.ASSESSOR: "IQM Assessor"}


def settle_new_rows() -> bool:
    """On PostgreSQL, VACUUM ANALYZE the database once the rows are committed, as autovacuum
    would in time: planner statistics for the new rows, the visibility map for index-only
    scans, and the trigram indexes' pending entries merged (a GIN index fed by COPY keeps them
    in a list that every search reads through until a vacuum). VACUUM cannot run inside a
    transaction, so inside one (a test, say) this does nothing and returns False."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return True


class Builder:
    """Builds the rows of the whole run, round by round, from the random generator alone: no
    database access, so it can run in a helper thread while the main thread writes."""

    def __init__(self, *, rng, writer, ids, frameworks, today, password_hash, per_school, staff):
        self.rng = rng
        self.words = Words(rng)
        self.writer = writer
        self.ids = ids  # model → iterator of the ids set aside for it
        self.frameworks = frameworks
        self.elements = dict(frameworks.values())  # framework id → its element ids, in order
        self.today = today
        self.password_hash = password_hash
        self.per_school = per_school
        self.staff = staff  # (directors, assessors)

    def rounds(self, schools: int) -> Iterator[Round]:
        """The staff first, then the schools in rounds of SCHOOLS_PER_ROUND."""
        directors, assessors = self.staff
        users = self._users(Role.DIRECTOR, [None] * directors) + self._users(
            Role.ASSESSOR, [None] * assessors
        )
        self.director_ids = [row[0] for row in users[:directors]]
        self.assessor_ids = [row[0] for row in users[directors:]]
        yield Round(
            writes=[self.writer.prepare(User, USER_COLUMNS, users)],
            issued=[],
            counts=Counter(users=len(users), directors=directors, assessors=assessors),
        )
        for first in range(0, schools, SCHOOLS_PER_ROUND):
            yield self._round(range(first, min(first + SCHOOLS_PER_ROUND, schools)))

    def _users(self, role: str, schools: list[int | None]) -> list[tuple]:
        rng = self.rng
        rows = []
        for school_id in schools:
            pk = next(self.ids[User])
            username = f"{role}{pk}"
            rows.append(
                (pk, username, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), f"{username}@seed.iqm.example",
                 role, school_id, self.password_hash, JOB_TITLES.get(role, "Headteacher"),
                 "MBA NPQH" if role == Role.DIRECTOR else "")
            )  # fmt: skip
        return rows

    def _school(self) -> tuple:
        rng = self.rng
        pk = next(self.ids[School])
        town, county, authority, area = rng.choice(TOWNS)
        pattern, phase, (low, high) = rng.choice(SCHOOL_PATTERNS)
        place = rng.choice(PLACES) if rng.random() < 0.8 else town
        name = pattern.format(place=place, saint=rng.choice(SAINTS))
        # The id spells the postcode's unit, sector and district, so no two seeded schools with ids
        # below 400 × 10 × 99 = 396,000 share one (a school is unique by name and postcode).
        unit = UNIT_LETTERS[pk % 20] + UNIT_LETTERS[pk // 20 % 20]
        sector, district = pk // 400 % 10, pk // 4000 % 99 + 1
        return (
            pk, name, name if rng.random() < 0.85 else f"{place} School",
            f"{rng.randint(1, 250)} {rng.choice(STREETS)}\n{place}", town, county, f"{area}{district} {sector}{unit}",
            authority, phase.value, rng.randint(low, high), rng.choice(TITLES),
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        )  # fmt: skip

    def _round(self, indexes: range) -> Round:
        rng, prepare = self.rng, self.writer.prepare
        schools = [self._school() for _ in indexes]
        heads = self._users(Role.HEADTEACHER, [school[0] for school in schools if rng.random() < 0.7])

        assessments = []  # (row, visit), one generation after another
        previous: list[int | None] = [None] * len(schools)
        plans = [
            plan_visits(self.per_school, LATEST_VISIT_STATE.get(index % 20, "confirmed"), self.today, rng)
            for index in indexes
        ]
        for generation in range(self.per_school):
            for position, school in enumerate(schools):
                visit = plans[position][generation]
                row = self._assessment(school[0], visit, previous[position])
                previous[position] = row[A["id"]]
                assessments.append((row, visit))

        findings, statements = self._content(assessments)
        events = self._events(assessments)
        links = self._co_assessors(assessments)
        statuses = Counter(f"assessments {Status(row[A['status']]).value}" for row, _ in assessments)
        issued = [
            Issued(row[A["id"]], row[A["confirmed_at"]], row[A["confirmed_by_id"]])
            for row, _ in assessments
            if row[A["status"]] == Status.CONFIRMED
        ]
        return Round(
            writes=[
                prepare(School, SCHOOL_COLUMNS, schools),
                prepare(User, USER_COLUMNS, heads),
                # Confirmed rows go in already confirmed, content and all: COPY and bulk_create
                # bypass save() and its freeze.
                prepare(Assessment, ASSESSMENT_COLUMNS, [row for row, _ in assessments]),
                prepare(Assessment.co_assessors.through, ("assessment_id", "user_id"), links),
                prepare(Finding, FINDING_COLUMNS, findings),
                prepare(Statement, STATEMENT_COLUMNS, statements),
                prepare(Event, EVENT_COLUMNS, events),
            ],
            issued=issued,
            counts=Counter(
                schools=len(schools),
                users=len(heads),
                headteachers=len(heads),
                assessments=len(assessments),
                findings=len(findings),
                statements=len(statements),
                events=len(events),
                co_assessors=len(links),
                **statuses,
            ),
        )

    def _assessment(self, school_id: int, visit: Visit, previous_id: int | None) -> tuple:
        rng, words = self.rng, self.words
        framework_id, _ = framework_for(visit.visit_start, self.frameworks, rng)
        kind = visit.kind
        years = {Outcome.YES: INTERVALS[kind], Outcome.DEFERRED: 1}.get(visit.outcome)
        latest_submit = visit.resubmitted_at or visit.submitted_at
        recommendation = (
            "I am of the opinion that the school fully meets the standard required. "
            f"I recommend that the school be awarded the {LEVEL_NAMES[kind]} and be reassessed "
            f"in {years or INTERVALS[kind]} years' time."
        )
        letter_date = latest_submit.date() if latest_submit else None
        # As the confirmation service records it (Assessment.valid_until): the letter date is
        # the award date, and every submitted visit has one.
        expires_on = add_years(letter_date, years) if visit.confirmed_at and years else None
        return (
            next(self.ids[Assessment]), school_id, framework_id, kind, visit.status, visit.visit_start,
            visit.visit_end, letter_date, rng.choice(self.assessor_ids),
            words.paragraphs(3, 6), recommendation, visit.outcome, years, words.paragraphs(1, 3),
            words.paragraphs(1, 3), rng.choice(RETURN_COMMENTS) if visit.returned_at else "", latest_submit,
            rng.choice(self.director_ids) if visit.confirmed_at else None, visit.confirmed_at, previous_id,
            expires_on,
        )  # fmt: skip

    def _content(self, assessments) -> tuple[list[tuple], list[tuple]]:
        """Findings for every element, with 3–10 strengths and 0–3 areas each; 3–8 key areas of
        success and 0–4 minor areas for development per assessment."""
        rng, words = self.rng, self.words
        key_success, minor_area = StatementKind.KEY_SUCCESS.value, StatementKind.MINOR_AREA.value
        strength, area = StatementKind.STRENGTH.value, StatementKind.AREA.value
        findings, statements = [], []
        for row, _ in assessments:
            assessment_id, framework_id = row[A["id"]], row[A["framework_id"]]
            for position in range(1, rng.randint(3, 8) + 1):
                statements.append((assessment_id, None, key_success, position, words.sentence()))
            for position in range(1, rng.randint(0, 4) + 1):
                statements.append((assessment_id, None, minor_area, position, words.area()))
            for element_id in self.elements[framework_id]:
                finding_id = next(self.ids[Finding])
                areas = rng.choice((0, 1, 1, 1, 2, 2, 3))
                findings.append((finding_id, assessment_id, element_id, words.paragraphs(1, 3), areas == 0))
                for position in range(1, rng.randint(3, 10) + 1):
                    statements.append((assessment_id, finding_id, strength, position, words.sentence()))
                for position in range(1, areas + 1):
                    # Now and then an area is a paragraph rather than a bullet, as in the reference.
                    text = words.area() if rng.random() < 0.9 else words.paragraphs(1, 1, (3, 5))
                    statements.append((assessment_id, finding_id, area, position, text))
        return findings, statements

    def _events(self, assessments) -> list[tuple]:
        """The workflow history each status implies: created, submitted, returned, confirmed."""
        action = Event.Action
        rows = []
        for row, visit in assessments:
            pk, lead = row[A["id"]], row[A["lead_assessor_id"]]
            director = row[A["confirmed_by_id"]] or self.rng.choice(self.director_ids)
            rows.append((pk, action.CREATED.value, "", Status.DRAFT.value, director, visit.created_at, ""))
            if visit.submitted_at:
                rows.append((pk, action.SUBMITTED.value, "draft", "submitted", lead, visit.submitted_at, ""))
            if visit.returned_at:
                rows.append(
                    (
                        pk,
                        action.RETURNED.value,
                        "submitted",
                        "returned",
                        director,
                        visit.returned_at,
                        row[A["return_comment"]],
                    )
                )
            if visit.resubmitted_at:
                rows.append(
                    (pk, action.SUBMITTED.value, "returned", "submitted", lead, visit.resubmitted_at, "")
                )
            if visit.confirmed_at:
                rows.append(
                    (pk, action.CONFIRMED.value, "submitted", "confirmed", director, visit.confirmed_at, "")
                )
        return rows

    def _co_assessors(self, assessments) -> list[tuple]:
        """A second assessor on about one visit in four."""
        rng = self.rng
        rows = []
        for row, _ in assessments:
            if rng.random() < 0.25:
                other = rng.choice(self.assessor_ids)
                if other != row[A["lead_assessor_id"]]:
                    rows.append((row[A["id"]], other))
        return rows


# The command ------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Fill the database with generated schools, each with --assessments-per-school assessments (every "
        "element with its narrative, strengths and areas; key areas of success; workflow events; a "
        "placeholder PDF per confirmed one), and their assessors, directors and headteachers. Bulk "
        "inserts in one transaction; repeatable with --seed. Refuses a database that already holds more "
        "than the demo's data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=1000, help="Schools to create (default 1000).")
        parser.add_argument(
            "--assessments-per-school", type=int, default=3, help="Visits per school (default 3)."
        )
        parser.add_argument("--seed", type=int, default=2010, help="Random seed (default 2010).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Rows per INSERT where bulk_create is used: other databases than PostgreSQL, and issued "
            "report rows (default 2000). On PostgreSQL each table's rows of a round go in one COPY.",
        )
        parser.add_argument(
            "--password",
            help="Password for every generated login (one shared hash). Without it they cannot sign in.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=f"Add to a database that already holds more than the demo's data ({DEMO_SCHOOLS} schools).",
        )

    def handle(self, *args, **options):
        schools, per_school = options["schools"], options["assessments_per_school"]
        batch_size = options["batch_size"]
        for name, value, low, high in (
            ("--schools", schools, 1, MAX_SCHOOLS),
            ("--assessments-per-school", per_school, 1, 50),
            ("--batch-size", batch_size, 1, 100_000),
        ):
            if not low <= value <= high:
                raise CommandError(f"{name} must be between {low:,} and {high:,}; got {value:,}.")
        existing = School.objects.count()
        if existing > DEMO_SCHOOLS and not options["force"]:
            raise CommandError(
                f"The database already holds {existing:,} schools, more than the demo's {DEMO_SCHOOLS}. "
                "seed_bulk fills an empty or demo-only database: running it again would add another "
                f"{schools:,} schools. Use --force to add them anyway, or start from a fresh database."
            )
        frameworks = self._frameworks()

        started = time.monotonic()
        staff = (2 + schools // 2500, max(4, schools // 25))  # directors, assessors
        written: list[str] = []  # stored PDF names, appended to by the PDF threads
        pdf_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="seed-bulk-pdf")
        try:
            with transaction.atomic():
                lock_reserved_tables()
                foreign_keys = set_foreign_keys_aside()
                most_elements = max(len(element_ids) for _, element_ids in frameworks.values())
                builder = Builder(
                    rng=random.Random(options["seed"]),  # repeatable test data, not secrets
                    writer=(writer := RowWriter(connection.vendor, batch_size)),
                    ids={
                        School: reserve_ids(School, schools),
                        User: reserve_ids(User, sum(staff) + schools),
                        Assessment: reserve_ids(Assessment, schools * per_school),
                        Finding: reserve_ids(Finding, schools * per_school * most_elements),
                    },
                    frameworks=frameworks,
                    today=timezone.localdate(),
                    # One hash for every login: hashing thousands of passwords would take minutes.
                    password_hash=make_password(options["password"]),
                    per_school=per_school,
                    staff=staff,
                )
                totals, pdfs = self._write(builder, writer, schools, pdf_pool, written, started)
                totals["issued_reports"] = record_issued_reports(pdfs, batch_size)
                restore_foreign_keys(foreign_keys)
                # Rows written in bulk skip the confirmation service, which keeps each school's
                # newest award: work them all out at once.
                refresh_newest_awards(batch_size=batch_size)
                # COPY skips the models, which say what cached pages change: all of them here.
                pagecache.changed(pagecache.LISTS)
        except BaseException:
            pdf_pool.shutdown(wait=True, cancel_futures=True)
            for name in written:
                default_storage.delete(name)
            raise
        finally:
            pdf_pool.shutdown(wait=True)
        self._report(totals, time.monotonic() - started)
        if settle_new_rows():
            self.stdout.write(f"VACUUM ANALYZE done ({time.monotonic() - started:.1f} s in all).")

    def _frameworks(self) -> dict:
        """{"2010": (id, [element ids]), "current": (id, [element ids])}."""
        frameworks = {}
        for key, name, version in (
            ("2010", "Inclusion Quality Mark", "2010"),
            ("current", "IQM Evaluative Framework", "Eight elements"),
        ):
            framework = Framework.objects.filter(name=name, version=version).first()
            if framework is None:
                raise CommandError(f"The framework {name} ({key}) is missing: run `manage.py migrate` first.")
            element_ids = list(
                Element.objects.filter(framework=framework).order_by("number").values_list("pk", flat=True)
            )
            frameworks[key] = (framework.pk, element_ids)
        return frameworks

    def _write(self, builder, writer, schools, pdf_pool, written, started) -> tuple[Counter, list]:
        """Write each round as the builder thread hands it over; store its PDFs in the background."""
        totals: Counter = Counter()
        futures: list[Future] = []
        with closing(computed_ahead(builder.rounds(schools))) as rounds:
            for current in rounds:
                for rows in current.writes:
                    writer.write(rows)
                if current.issued:
                    futures.append(pdf_pool.submit(store_placeholder_pdfs, current.issued, written))
                for future in futures:
                    if future.done() and future.exception():
                        raise future.exception()  # stop now rather than after the last round
                reset_queries()  # with DEBUG on, Django would keep the text of every INSERT
                totals.update(current.counts)
                if current.counts["schools"]:
                    self.stdout.write(
                        f"  {totals['schools']:,}/{schools:,} schools, {totals['assessments']:,} assessments, "
                        f"{totals['statements']:,} statements — {time.monotonic() - started:.1f} s"
                    )
                else:
                    self.stdout.write(f"{totals['directors']} directors and {totals['assessors']} assessors")
        pdfs = [pdf for future in futures for pdf in future.result()]
        totals["pdfs"] = len(pdfs)
        return totals, pdfs

    def _report(self, totals: Counter, elapsed: float) -> None:
        statuses = ", ".join(
            f"{totals[f'assessments {status}']:,} {status}"
            for status in Status.values
            if totals[f"assessments {status}"]
        )
        self.stdout.write(
            f"Created {totals['schools']:,} schools, {totals['users']:,} users ({totals['headteachers']:,} "
            f"headteachers), {totals['assessments']:,} assessments ({statuses}), {totals['findings']:,} findings, "
            f"{totals['statements']:,} statements, {totals['events']:,} events, {totals['co_assessors']:,} "
            f"co-assessor links and {totals['pdfs']:,} placeholder PDFs in {elapsed:.1f} s."
        )
        self.stdout.write(f"{totals['issued_reports']:,} issued reports recorded, each a placeholder PDF.")
