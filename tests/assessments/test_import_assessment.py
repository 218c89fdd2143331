"""import_assessment checks the whole document, names each problem by its JSON path, and
changes nothing when anything is wrong."""

import copy
import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, import_document


@pytest.fixture
def document(demo) -> dict:
    """The reference document, ready to import again (its people exist after load_demo)."""
    return json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def database_snapshot() -> dict:
    """Row counts of every model, to show an import left the database as it was."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def problems_of(doc) -> list[str]:
    before = database_snapshot()
    with pytest.raises(ImportProblems) as caught:
        import_document(doc)
    assert database_snapshot() == before
    return caught.value.problems


def test_it_imports_a_good_document(document):
    before = database_snapshot()
    assessment = import_document(document)
    assert assessment.status == "confirmed"
    assert database_snapshot()["assessments.Assessment"] == before["assessments.Assessment"] + 1


def test_it_refuses_a_missing_element(document):
    del document["elements"][6]
    assert problems_of(document) == ["elements: element 7 (Resources & ICT) is missing"]


def test_it_refuses_an_unknown_framework(document):
    document["framework"]["version"] = "2009"
    problems = problems_of(document)
    assert 'framework: no framework "Inclusion Quality Mark" version "2009"' in problems


def test_it_refuses_a_wrong_type_with_its_path(document):
    document["elements"][4]["strengths"][2] = 42
    document["reassessment_years"] = "three"
    assert problems_of(document) == [
        "reassessment_years: must be a whole number or null",
        "elements[4].strengths[2]: must be a non-empty string",
    ]


def test_it_refuses_duplicate_element_numbers(document):
    document["elements"][3]["number"] = 3
    document["elements"][3]["title"] = "Leadership & Management"
    problems = problems_of(document)
    assert "elements[3].number: element 3 appears twice (also at elements[2])" in problems
    assert "elements: element 4 (Staffing System & Organisation) is missing" in problems


def test_it_refuses_an_end_date_before_the_start(document):
    document["visit_end"] = "2010-07-13"
    assert problems_of(document) == ["visit_end: must not be before visit_start (2010-07-14)"]


def test_it_refuses_a_nul_character(document):
    document["elements"][0]["narrative"] += "\x00"
    document["key_areas_of_success"][1] = "ok\x00"
    assert problems_of(document) == [
        "key_areas_of_success[1]: contains a NUL character, which cannot be stored",
        "elements[0].narrative: contains a NUL character, which cannot be stored",
    ]


def test_it_refuses_unknown_people_fields_and_choices(document):
    document["lead_assessor"] = "nobody@example.org"
    document["outcome"] = "maybe"
    document["colour"] = "blue"
    problems = problems_of(document)
    assert 'lead_assessor: no user has the email address "nobody@example.org"' in problems
    assert 'outcome: must be one of "", "yes", "no", "deferred"' in problems
    assert "colour: is not a field of this format" in problems


def test_it_refuses_a_blank_list_item_and_a_wrong_title(document):
    document["minor_areas_for_development"][0] = "   "
    document["elements"][1]["title"] = "Learner Attitude"
    assert problems_of(document) == [
        "minor_areas_for_development[0]: must be a non-empty string",
        'elements[1].title: must be "Learner Attitude, Values & Personal Development", the title of element 2',
    ]


def test_it_is_all_or_nothing_when_the_school_clashes(document):
    changed = copy.deepcopy(document)
    changed["school"]["town"] = "Widnes"
    problems = problems_of(changed)
    assert problems == [
        'school.town: the school "The Heath Specialist Technology College" (WA7 4SY) already exists with "Runcorn" here'
    ]


def test_the_command_reports_each_problem_and_writes_nothing(document, tmp_path):
    document["visit_end"] = "2010-07-01"
    document["elements"][0]["strengths"] = "not a list"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = database_snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_assessment", str(path), stdout=io.StringIO())
    message = str(caught.value)
    assert "nothing was written" in message
    assert "visit_end: must not be before visit_start (2010-07-14)" in message
    assert "elements[0].strengths: must be an array of strings" in message
    assert database_snapshot() == before


def test_the_command_refuses_a_file_that_is_not_json(tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_assessment", str(path))
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("import_assessment", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_assessment", str(tmp_path / "missing.json"))


def test_dry_run_checks_and_writes_nothing(document, tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = database_snapshot()
    out = io.StringIO()
    call_command("import_assessment", str(path), "--dry-run", stdout=out)
    assert "valid" in out.getvalue()
    assert database_snapshot() == before


def test_it_refuses_an_unknown_format_version(document):
    for version in (5, True, "1"):
        document["format_version"] = version
        assert problems_of(document) == [
            "format_version: must be 1 or 2 or 3 or 4; this version of the app reads no other"
        ]


@pytest.mark.parametrize("text", ["[]", '"an assessment"', "4", "null"])
def test_the_command_refuses_a_document_that_is_not_an_object(text, tmp_path, db):
    """Valid JSON that is not an object is refused with the one problem, not a traceback."""
    path = tmp_path / "list.json"
    path.write_text(text, encoding="utf-8")
    for dry_run in (False, True):
        with pytest.raises(CommandError) as caught:
            call_command("import_assessment", str(path), *["--dry-run"] * dry_run, stdout=io.StringIO())
        assert (
            str(caught.value) == "The document was not imported; nothing was written:\n$: must be an object"
        )
