"""An import that fails after it has started writing leaves every table as it was: the school,
the assessment, its findings and lists are written first and must all go when a later step
fails, through the service and through the import_assessment command alike."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from assessments import services
from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, import_document
from continuity import interchange as continuity_interchange


def database_snapshot() -> dict:
    """Row counts of every model."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def document(demo) -> dict:
    """The reference document for a school not yet in the database, so the import writes a new
    school row before anything else."""
    doc = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    doc["school"]["name"] = "Halton Lea Primary School"
    doc["school"]["postcode"] = "WA7 2XX"
    return doc


def fail_when_confirming(monkeypatch, error: Exception) -> dict:
    """Make the import's last step (issuing the confirmed assessment) raise `error`; returns a
    dict that receives the row counts at the moment of failure."""
    seen: dict = {}

    def confirm(**kwargs):
        seen.update(database_snapshot())
        raise error

    monkeypatch.setattr(services, "assessment_confirm", confirm)
    return seen


def assert_it_had_started_writing(before: dict, at_failure: dict) -> None:
    for label in ("schools.School", "assessments.Assessment", "assessments.Finding", "assessments.Statement"):
        assert at_failure[label] > before[label], label


def test_it_leaves_every_table_as_it_was_when_its_last_step_fails(document, monkeypatch):
    at_failure = fail_when_confirming(
        monkeypatch, ImportProblems(["confirmed_by: cannot confirm (injected)"])
    )
    before = database_snapshot()
    with pytest.raises(ImportProblems):
        import_document(document)
    assert_it_had_started_writing(before, at_failure)
    assert database_snapshot() == before


def test_it_leaves_every_table_as_it_was_when_a_later_row_breaks_a_constraint(document, monkeypatch):
    seen: dict = {}

    def continuity(assessment, clean, previous):
        seen.update(database_snapshot())
        raise IntegrityError("UNIQUE constraint failed: continuity_target.position (injected)")

    # The last part written: continuity's, through the parts registry (continuity.interchange).
    monkeypatch.setattr(continuity_interchange, "_import", continuity)
    before = database_snapshot()
    with pytest.raises(IntegrityError):
        import_document(document)
    assert_it_had_started_writing(before, seen)
    assert database_snapshot() == before


def test_the_command_writes_nothing_when_its_last_step_fails(document, monkeypatch, tmp_path):
    at_failure = fail_when_confirming(
        monkeypatch, ImportProblems(["confirmed_by: cannot confirm (injected)"])
    )
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = database_snapshot()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_assessment", str(path), stdout=io.StringIO())
    assert_it_had_started_writing(before, at_failure)
    assert database_snapshot() == before
