"""manage.py import_framework and export_framework: a framework as a JSON document
(docs/framework-format.md), checked whole, every problem with its path, all or nothing."""

import importlib
import io
import json
import os

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.framework_interchange import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportProblems,
    export_framework_document,
    import_framework_document,
)
from assessments.models import Element, ElementMapping, Framework
from tests.assessments.test_import_fuzz import JSON_VALUES, paths
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

TEN = ("Inclusion Quality Mark", "2010")
EIGHT = ("IQM Evaluative Framework", "Eight elements")


@pytest.fixture(autouse=True)
def _crosswalk():
    """The rows migration 0008 seeds (a transactional test elsewhere may have emptied them)."""
    importlib.import_module("assessments.migrations.0008_crosswalk").seed_crosswalk(apps, None)


def a_document(**changes) -> dict:
    doc = {
        "format": "iqm-framework",
        "format_version": 1,
        "name": "IQM Evaluative Framework",
        "version": "2027",
        "description": "A new framework.",
        "is_current": False,
        "running_header": "",
        "context_subheading": "",
        "letter_details": [["school", "Name of School"], ["outcome", "Successful"]],
        "elements": [
            {"number": 1, "title": "Values", "guidance": "What the school stands for."},
            {"number": 2, "title": "Leadership", "guidance": ""},
            {"number": 3, "title": "Learning", "guidance": ""},
        ],
        "crosswalk": {"from": {"name": EIGHT[0], "version": EIGHT[1]}, "map": {"1": [1], "2": [2], "4": [3]}},
    }
    doc.update(changes)
    return doc


def problems_of(doc) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        import_framework_document(doc)
    return caught.value.problems


def counts() -> tuple[int, int, int]:
    return Framework.objects.count(), Element.objects.count(), ElementMapping.objects.count()


def test_it_creates_a_framework_its_elements_and_its_crosswalk():
    result = import_framework_document(a_document())
    assert result.action == CREATED
    assert result.message == (
        "Created framework IQM Evaluative Framework (2027) with 3 elements and a crosswalk from "
        "IQM Evaluative Framework (Eight elements)."
    )
    framework = Framework.objects.get(name="IQM Evaluative Framework", version="2027")
    assert [(e.number, e.title) for e in framework.elements.order_by("number")] == [
        (1, "Values"),
        (2, "Leadership"),
        (3, "Learning"),
    ]
    assert framework.elements.get(number=1).guidance == "What the school stands for."
    assert framework.letter_details == [["school", "Name of School"], ["outcome", "Successful"]]
    pairs = ElementMapping.objects.filter(to_element__framework=framework).values_list(
        "from_element__number", "to_element__number"
    )
    assert sorted(pairs) == [(1, 1), (2, 2), (4, 3)]


def test_it_refuses_a_bad_document_naming_each_problem_by_its_path():
    doc = a_document(name="", letter_details=[["school", "x"], ["nonsense", "y"]], colour="blue")
    doc["elements"][1]["title"] = "  "
    doc["elements"][2]["title"] = "x" * 301
    doc["elements"][0]["guidance"] = 7
    doc["crosswalk"]["map"]["99"] = [1]
    doc["crosswalk"]["map"]["3"] = [4, "two"]
    problems = problems_of(doc)
    assert "name: must be a non-empty string" in problems
    assert "colour: is not a field of this format" in problems
    assert "elements[1].title: must be a non-empty string" in problems
    assert "elements[2].title: must be at most 300 characters (it has 301)" in problems
    assert "elements[0].guidance: must be a string" in problems
    assert any(
        p.startswith("letter_details: Row 2: 'nonsense' is not a row the letter knows") for p in problems
    )
    assert "crosswalk.map.99: IQM Evaluative Framework (Eight elements) has no element 99" in problems
    assert "crosswalk.map.3[0]: this framework has no element 4" in problems
    assert "crosswalk.map.3[1]: must be a whole number: an element number of this framework" in problems


def test_it_refuses_gaps_and_repeats_in_the_numbering():
    doc = a_document()
    doc["elements"][1]["number"] = 1
    doc["elements"][2]["number"] = 4
    problems = problems_of(doc)
    assert "elements[1].number: element 1 appears twice (also at elements[0])" in problems
    assert "elements: the elements are numbered 1 to 4 without gaps; numbers 2, 3 are missing" in problems


def test_it_refuses_missing_fields_and_a_wrong_format():
    doc = a_document(format="iqm-assessment")
    del doc["elements"]
    problems = problems_of(doc)
    assert 'format: must be "iqm-framework"' in problems
    assert "elements: is missing" in problems
    assert problems_of([]) == ["$: must be an object"]
    assert problems_of(a_document(format_version=2)) == [
        "format_version: must be 1; this version of the app reads no other"
    ]


def test_it_refuses_a_crosswalk_from_an_unknown_framework_or_from_itself():
    unknown = a_document()
    unknown["crosswalk"]["from"] = {"name": "IQM Evaluative Framework", "version": "1999"}
    assert problems_of(unknown) == ['crosswalk.from: no framework "IQM Evaluative Framework" version "1999"']
    itself = a_document()
    itself["crosswalk"]["from"] = {"name": "IQM Evaluative Framework", "version": "2027"}
    assert problems_of(itself) == [
        "crosswalk.from: must name another framework: a crosswalk maps one framework to another"
    ]


def test_a_bad_document_changes_nothing(tmp_path):
    before = counts()
    doc = a_document()
    doc["elements"][2]["title"] = ""
    with pytest.raises(CommandError):
        call_command("import_framework", _file(doc, tmp_path), stdout=io.StringIO())
    assert counts() == before
    assert not Framework.objects.filter(version="2027").exists()


def test_it_writes_everything_or_nothing(monkeypatch):
    # The last write (the crosswalk) fails: the framework and its elements go with it.
    before = counts()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ElementMapping.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        import_framework_document(a_document())
    assert counts() == before


def test_a_dry_run_checks_and_writes_nothing(tmp_path):
    before = counts()
    out = io.StringIO()
    call_command("import_framework", _file(a_document(), tmp_path), "--dry-run", stdout=out)
    assert "Created framework IQM Evaluative Framework (2027) with 3 elements" in out.getvalue()
    assert "--dry-run: nothing was written" in out.getvalue()
    assert counts() == before
    bad = a_document(version="")
    with pytest.raises(CommandError, match="version: must be a non-empty string"):
        call_command("import_framework", _file(bad, tmp_path), "--dry-run", stdout=io.StringIO())


def test_the_same_document_twice_is_unchanged():
    import_framework_document(a_document())
    before = counts()
    result = import_framework_document(a_document())
    assert result.action == UNCHANGED
    assert result.message == (
        "Framework IQM Evaluative Framework (2027) is already there word for word; nothing changed."
    )
    assert counts() == before


def test_export_then_import_round_trips_every_framework():
    for name, version in (TEN, EIGHT):
        framework = Framework.objects.get(name=name, version=version)
        out = io.StringIO()
        call_command("export_framework", name, version, stdout=out)
        doc = json.loads(out.getvalue())
        assert import_framework_document(doc).action == UNCHANGED
        # Under another version, the same document makes a framework identical to the first.
        doc["version"] = f"{version} copy"
        doc["is_current"] = False
        if "crosswalk" in doc:
            # The crosswalk named the framework's sources; the copy takes it from them too.
            assert doc["crosswalk"]["from"] == {"name": TEN[0], "version": TEN[1]}
        copy_ = import_framework_document(doc).framework
        again = export_framework_document(copy_)
        original = export_framework_document(framework)
        for exported in (again, original):
            exported.pop("version")
            exported.pop("is_current")
        assert again == original


def test_export_by_id_and_refusals(tmp_path):
    framework = Framework.objects.get(name=TEN[0], version=TEN[1])
    out = io.StringIO()
    call_command("export_framework", "--id", str(framework.pk), stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["running_header"] == "Assessment Report by IQM"
    assert [e["title"] for e in doc["elements"]][:2] == [
        "Learner Progress",
        "Learner Attitude, Values & Personal Development",
    ]
    with pytest.raises(CommandError, match='There is no framework "Nope" version "1"'):
        call_command("export_framework", "Nope", "1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="There is no framework with id 999999"):
        call_command("export_framework", "--id", "999999", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Name the framework"):
        call_command("export_framework", stdout=io.StringIO())


def test_it_refuses_new_words_for_a_framework_in_use():
    framework = Framework.objects.get(name=TEN[0], version=TEN[1])
    AssessmentFactory(framework=framework)
    AssessmentFactory(framework=framework)
    doc = export_framework_document(framework)
    doc["elements"][3]["title"] = "Staffing"
    before = counts()
    assert problems_of(doc) == [
        "framework Inclusion Quality Mark (2010) is used by 2 assessments; give the new text a new "
        "version (it differs in elements[3].title)"
    ]
    assert counts() == before
    assert framework.elements.get(number=4).title == "Staffing System & Organisation"


def test_a_framework_in_use_may_change_whether_it_is_current_and_its_crosswalk():
    framework = Framework.objects.get(name=EIGHT[0], version=EIGHT[1])
    AssessmentFactory(framework=framework)
    doc = export_framework_document(framework)
    doc["is_current"] = False
    doc["crosswalk"]["map"] = {"1": [5]}
    result = import_framework_document(doc)
    assert result.action == UPDATED
    assert "its text is unchanged; it is no longer current and its crosswalk from Inclusion Quality Mark" in (
        result.message
    )
    framework.refresh_from_db()
    assert not framework.is_current
    pairs = ElementMapping.objects.filter(to_element__framework=framework).values_list(
        "from_element__number", "to_element__number"
    )
    assert list(pairs) == [(1, 5)]


def test_it_updates_a_framework_no_assessment_uses():
    first = import_framework_document(a_document()).framework
    keep = first.elements.get(number=1)
    doc = a_document(description="Revised.")
    doc["elements"][0]["title"] = "Inclusion values"
    del doc["elements"][2]
    doc["crosswalk"]["map"] = {"1": [1], "2": [2]}
    result = import_framework_document(doc)
    assert result.action == UPDATED
    assert result.message == (
        "Updated framework IQM Evaluative Framework (2027), which no assessment uses yet: description, "
        "elements (the framework has 3, the document 2), elements[0].title."
    )
    assert [e.title for e in first.elements.order_by("number")] == ["Inclusion values", "Leadership"]
    assert first.elements.get(number=1).pk == keep.pk  # matched by number, not replaced
    assert Framework.objects.get(pk=first.pk).description == "Revised."


def test_a_current_framework_makes_the_others_not_current():
    import_framework_document(a_document(is_current=True))
    assert list(Framework.objects.filter(is_current=True).values_list("version", flat=True)) == ["2027"]


def test_the_command_reports_problems_and_what_it_did(tmp_path):
    out = io.StringIO()
    call_command("import_framework", _file(a_document(), tmp_path), stdout=out)
    assert out.getvalue().startswith("Created framework IQM Evaluative Framework (2027)")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("import_framework", str(bad), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_framework", str(tmp_path / "missing.json"), stdout=io.StringIO())
    doc = a_document(version="2028")
    doc["elements"][0]["title"] = ""
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", _file(doc, tmp_path), stdout=io.StringIO())
    assert str(caught.value) == (
        "The framework was not imported; nothing was written:\nelements[0].title: must be a non-empty string"
    )


def _file(doc, folder) -> str:
    path = folder / f"framework-{doc['version'] or 'blank'}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@st.composite
def mutated_framework_documents(draw):
    """a_document() with one to three values replaced, deleted or added anywhere in it."""
    doc = a_document()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from([p for p in paths(doc) if p] or [("name",)]))
        parent = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(JSON_VALUES)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=10))] = draw(JSON_VALUES)
            else:
                parent.append(draw(JSON_VALUES))
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier mutation removed or replaced this path
    return doc


@settings(
    max_examples=60,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=mutated_framework_documents())
def test_a_mutated_document_imports_whole_or_not_at_all(doc):
    with transaction.atomic():
        before = counts()
        try:
            result = import_framework_document(doc)
        except ImportProblems as problems:
            assert problems.problems and all(": " in line for line in problems.problems)
            assert counts() == before
        else:
            assert result.framework.elements.count() == len(doc["elements"])
        transaction.set_rollback(True)


def test_it_refuses_details_labels_that_cannot_be_stored_or_printed():
    problems = problems_of(a_document(letter_details=[["school", "Name\x00"], ["outcome", "x" * 101], None]))
    assert problems == ["letter_details: Row 3 is not [key, label]."]
    problems = problems_of(a_document(letter_details=[["school", "Name\x00"], ["outcome", "x" * 101]]))
    assert problems == [
        "letter_details[0][1]: contains a NUL character, which cannot be stored",
        "letter_details[1][1]: must be at most 100 characters (it has 101)",
    ]
