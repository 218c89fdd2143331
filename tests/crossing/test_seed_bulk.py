"""seed_bulk: thousands of realistic schools and assessments, fast, for benchmarks.

These tests seed a handful of schools; they run on SQLite (bulk_create) and on PostgreSQL (COPY).
"""

import datetime
import io
import itertools
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from pypdf import PdfReader

from accounts.models import Role, User
from assessments.models import Assessment, Element, Event, Finding, Kind, Statement, Status
from bench.management.commands import seed_bulk
from reports.models import IssuedReport
from schools.models import School

ROOT = Path(__file__).resolve().parents[2]


def commands_under(settings_module: str) -> list[str]:
    """The command names `manage.py help --commands` lists with the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE=settings_module, DJANGO_DEBUG="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_it_is_a_command_of_the_bench_settings_and_not_of_the_products():
    assert "seed_bulk" not in commands_under("iqm.settings")
    bench = commands_under("bench.settings")
    assert "seed_bulk" in bench
    assert "load_demo" in bench  # the product's commands are all still there


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_bulk", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    """Five schools with three visits each; returns the command's output."""
    return seed("--schools", "5", "--assessments-per-school", "3", "--seed", "7")


def test_it_creates_the_schools_and_visits_asked_for_and_says_so(seeded):
    assert School.objects.count() == 5
    assert Assessment.objects.count() == 15
    assert "Created 5 schools" in seeded
    assert "15 assessments" in seeded
    assert Assessment.objects.filter(school__isnull=True).count() == 0


def test_it_gives_every_assessment_one_finding_per_element_of_its_framework(seeded):
    for assessment in Assessment.objects.all():
        expected = set(Element.objects.filter(framework=assessment.framework_id).values_list("pk", flat=True))
        found = list(assessment.findings.values_list("element_id", flat=True))
        assert sorted(found) == sorted(expected), assessment.pk
        assert all(finding.narrative for finding in assessment.findings.all())


def test_it_numbers_every_list_from_one_without_gaps(seeded):
    lists = defaultdict(list)
    for assessment_id, finding_id, kind, position in Statement.objects.values_list(
        "assessment_id", "finding_id", "kind", "position"
    ):
        lists[assessment_id, finding_id, kind].append(position)
    assert lists
    for positions in lists.values():
        assert sorted(positions) == list(range(1, len(positions) + 1))


def test_it_gives_each_element_three_to_ten_strengths_and_at_most_three_areas(seeded):
    for finding in Finding.objects.prefetch_related("statements"):
        kinds = Counter(statement.kind for statement in finding.statements.all())
        assert 3 <= kinds["strength"] <= 10
        assert 0 <= kinds["area"] <= 3
        assert finding.no_significant_areas == (kinds["area"] == 0)
    for assessment in Assessment.objects.prefetch_related("statements"):
        kinds = Counter(s.kind for s in assessment.statements.all() if s.finding_id is None)
        assert 3 <= kinds["key_success"] <= 8
        assert 0 <= kinds["minor_area"] <= 4


def test_it_makes_every_status(seeded):
    assert set(Assessment.objects.values_list("status", flat=True)) == set(Status.values)


def test_it_records_who_confirmed_each_confirmed_assessment_and_when(seeded):
    confirmed = Assessment.objects.filter(status=Status.CONFIRMED)
    assert confirmed.exists()
    for assessment in confirmed:
        assert assessment.confirmed_by.role == Role.DIRECTOR
        assert assessment.confirmed_at is not None
        assert assessment.submitted_at <= assessment.confirmed_at
    assert not Assessment.objects.exclude(status=Status.CONFIRMED).filter(confirmed_by__isnull=False).exists()


def test_it_records_each_confirmed_awards_expiry_as_the_confirmation_service_does(seeded):
    confirmed = Assessment.objects.filter(status=Status.CONFIRMED, reassessment_years__isnull=False)
    assert confirmed.exists()
    for assessment in confirmed:
        assert assessment.expires_on == assessment.valid_until is not None
    assert not Assessment.objects.exclude(status=Status.CONFIRMED).filter(expires_on__isnull=False).exists()


def test_it_writes_the_events_that_led_to_each_status(seeded):
    for assessment in Assessment.objects.prefetch_related("events"):
        events = list(assessment.events.all())
        assert events[0].action == Event.Action.CREATED
        assert events[-1].to_status == assessment.status
        assert [event.at for event in events] == sorted(event.at for event in events)


def test_it_keeps_confirmed_visits_in_the_past_and_drafts_recent_or_ahead(seeded):
    today = datetime.date.today()
    for assessment in Assessment.objects.all():
        assert datetime.date(2010, 1, 1) <= assessment.visit_start <= datetime.date(2027, 12, 31)
        assert assessment.visit_end >= assessment.visit_start
        if assessment.status == Status.CONFIRMED:
            assert assessment.visit_start < today
        else:
            assert assessment.visit_start > today - datetime.timedelta(days=120)


def test_it_links_each_visit_to_the_schools_previous_one(seeded):
    for school in School.objects.all():
        visits = list(school.assessments.order_by("visit_start"))
        assert visits[0].previous_assessment_id is None
        for earlier, later in itertools.pairwise(visits):
            assert later.previous_assessment_id == earlier.pk


def test_it_creates_directors_assessors_and_headteachers_of_seeded_schools(seeded):
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles[Role.DIRECTOR] >= 2
    assert roles[Role.ASSESSOR] >= 4
    assert 1 <= roles[Role.HEADTEACHER] <= 5
    assert not User.objects.filter(role=Role.HEADTEACHER, school__isnull=True).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_it_stores_a_placeholder_pdf_for_each_confirmed_assessment(seeded):
    confirmed = list(Assessment.objects.filter(status=Status.CONFIRMED).values_list("pk", flat=True))
    _, names = default_storage.listdir(seed_bulk.PLACEHOLDER_DIR)
    assert sorted(names) == sorted(f"{pk}-r1.pdf" for pk in confirmed)
    with default_storage.open(f"{seed_bulk.PLACEHOLDER_DIR}/{confirmed[0]}-r1.pdf") as stored:
        text = PdfReader(stored).pages[0].extract_text()
    assert "PLACEHOLDER" in text
    assert f"assessment {confirmed[0]}" in text


def test_it_records_an_issued_report_per_placeholder(seeded):
    assert IssuedReport.objects.count() == Assessment.objects.filter(status=Status.CONFIRMED).count()


def test_it_mixes_kinds_and_frameworks_over_sixty_schools(db):
    seed("--schools", "60", "--seed", "11")
    # The seed's kinds: first assessments, then reassessments, Centre of Excellence and Flagship reviews.
    seeded_kinds = {Kind.ASSESSMENT, Kind.REASSESSMENT, Kind.COE_REVIEW, Kind.FLAGSHIP_REVIEW}
    assert set(Assessment.objects.values_list("kind", flat=True)) == seeded_kinds
    assert Assessment.objects.values("framework").distinct().count() == 2
    assert School.objects.values("phase").distinct().count() >= 4
    assert School.objects.values("local_authority").distinct().count() >= 10


def test_it_gives_every_login_the_password_asked_for(db):
    seed("--schools", "2", "--password", "a-benchmark-password")
    assert all(user.check_password("a-benchmark-password") for user in User.objects.all())


def test_it_runs_on_top_of_the_demo(demo):
    seed("--schools", "3")
    assert School.objects.count() == 6  # the demo's three schools and three seeded
    assert Assessment.objects.filter(pk=demo.pk, status=Status.CONFIRMED).exists()


def test_it_refuses_a_database_with_more_than_the_demo_and_changes_nothing(seeded):
    with pytest.raises(CommandError, match=r"already holds 5 schools.*--force"):
        seed("--schools", "5")
    assert School.objects.count() == 5


def test_it_adds_to_such_a_database_with_force(seeded):
    seed("--schools", "5", "--force")
    assert School.objects.count() == 10
    assert Assessment.objects.count() == 30


def test_the_same_seed_gives_the_same_text(seeded):
    first_names = list(School.objects.order_by("pk").values_list("name", flat=True))
    first_texts = list(Statement.objects.order_by("pk").values_list("text", flat=True))
    seed("--schools", "5", "--assessments-per-school", "3", "--seed", "7", "--force")
    names = list(School.objects.order_by("pk").values_list("name", flat=True))
    texts = list(Statement.objects.order_by("pk").values_list("text", flat=True))
    assert names[5:] == first_names
    assert texts[len(first_texts) :] == first_texts


@pytest.mark.parametrize(
    ("option", "value"), [("--schools", "0"), ("--assessments-per-school", "51"), ("--batch-size", "0")]
)
def test_it_refuses_numbers_out_of_range(db, option, value):
    with pytest.raises(CommandError, match=f"{option} must be between"):
        seed(option, value)
    assert not School.objects.exists()


def test_a_failed_run_leaves_no_rows_and_no_files(db, monkeypatch, settings):
    made = []

    def failing_pdf(assessment_id: int) -> bytes:
        if len(made) == 3:
            raise OSError("disk full")
        made.append(assessment_id)
        return b"%PDF-1.4 placeholder"

    monkeypatch.setattr(seed_bulk, "placeholder_pdf", failing_pdf)
    with pytest.raises(OSError, match="disk full"):
        seed("--schools", "5")
    assert len(made) == 3
    assert not School.objects.exists()
    assert not User.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_placeholder_pdfs_are_marked_as_such():
    data = seed_bulk.placeholder_pdf(42)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "PLACEHOLDER" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Placeholder for assessment 42"


@pytest.mark.postgres
def test_copy_keeps_tabs_backslashes_and_line_breaks_as_typed(draft):
    text = "Tab\there, a back\\slash, \\N and \\t as typed,\r\nand a new line: ✓ Cymraeg ŵ"
    writer = seed_bulk.RowWriter("postgresql", batch_size=100)
    writer.write(
        writer.prepare(
            Statement,
            ("assessment_id", "finding_id", "kind", "position", "text"),
            [(draft.pk, None, "key_success", 1, text)],
        )
    )
    assert Statement.objects.get(assessment=draft).text == text


@pytest.mark.postgres
def test_it_leaves_every_foreign_key_as_it_was(db):
    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' ORDER BY 1, 2"
            )
            return cursor.fetchall()

    before = foreign_keys()
    seed("--schools", "3")
    assert foreign_keys() == before
    assert any("DEFERRABLE INITIALLY DEFERRED" in definition for _, _, definition in before)


@pytest.mark.postgres
def test_a_row_that_breaks_a_foreign_key_fails_the_run_and_leaves_nothing(db, monkeypatch):
    events = seed_bulk.Builder._events

    def events_by_nobody(self, assessments):
        rows = events(self, assessments)
        return [(*rows[0][:4], 987_654_321, *rows[0][5:]), *rows[1:]]

    monkeypatch.setattr(seed_bulk.Builder, "_events", events_by_nobody)
    with pytest.raises(IntegrityError, match="assessments_event"):
        seed("--schools", "3")
    assert not School.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_it_vacuums_and_analyses_what_it_wrote(migration_data_back):
    out = seed("--schools", "3", "--assessments-per-school", "2", "--seed", "3")
    assert "VACUUM ANALYZE done" in out
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'schools_school'"
        )
        assert cursor.fetchone() == (True, True)


def test_inside_a_transaction_it_leaves_the_vacuum_to_autovacuum(seeded):
    assert "VACUUM ANALYZE" not in seeded
