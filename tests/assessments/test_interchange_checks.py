"""Every check of the JSON import (assessments.interchange) at its edges, with its exact message:
the Checker's reads, validate_document, a themed report's sections, the elements and
parse_document. Built from factories, without the demo, so the whole file runs in seconds (a
mutation run leans on it, docs/testing.md)."""

import copy
import datetime
import json

import pytest

from accounts.models import User
from assessments import limits
from assessments.interchange import (
    Checker,
    ImportProblems,
    _elements,
    _sections,
    parse_document,
    validate_document,
)
from assessments.kinds import VisitKind
from assessments.models import Framework
from assessments.sections import MAX_ATTRIBUTION_LENGTH, MAX_HEADING_LENGTH
from assessments.single_line import single_line_problem
from tests.factories import AssessorFactory, DirectorFactory

LINE_BREAK = single_line_problem("\n")
TAB = single_line_problem("\t")
OUT_OF_RANGE_1999 = limits.date_problem(datetime.date(1999, 12, 31))


def read(method: str, *args, **kwargs) -> tuple:
    """What one Checker read returns, with the problems it noted."""
    check = Checker()
    value = getattr(check, method)(*args, **kwargs)
    return value, check.problems


# Checker.obj -----------------------------------------------------------------------------


def test_obj_names_unknown_and_missing_keys_at_the_top_without_a_dollar():
    assert read("obj", {"a": 1, "z": 2}, "$", ["a", "b"]) == (
        {"a": 1, "z": 2},
        ["z: is not a field of this format", "b: is missing"],
    )


def test_obj_names_unknown_and_missing_keys_below_the_top_by_their_path():
    assert read("obj", {"a": 1, "z": 2}, "school", ["a", "b"]) == (
        {"a": 1, "z": 2},
        ["school.z: is not a field of this format", "school.b: is missing"],
    )


@pytest.mark.parametrize("value", [[], "text", None, 3])
def test_obj_refuses_what_is_not_an_object(value):
    assert read("obj", value, "elements[2]", ["a"]) == (None, ["elements[2]: must be an object"])


def test_obj_accepts_exactly_its_keys():
    assert read("obj", {"a": 1, "b": 2}, "$", ["a", "b"]) == ({"a": 1, "b": 2}, [])


# Checker.text and line ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 3, ["x"], True])
def test_text_refuses_a_non_string_saying_whether_it_may_be_empty(value):
    assert read("text", value, "p") == (None, ["p: must be a string"])
    assert read("text", value, "p", required=True) == (None, ["p: must be a non-empty string"])


def test_text_refuses_a_nul_and_an_unpaired_surrogate():
    assert read("text", "a\x00b", "p") == (None, ["p: contains a NUL character, which cannot be stored"])
    assert read("text", "a\ud800b", "p") == (
        None,
        ["p: contains an unpaired surrogate, which is not valid Unicode text"],
    )


def test_text_may_be_empty_unless_required():
    assert read("text", "", "p") == ("", [])
    assert read("text", "  \n", "p") == ("  \n", [])
    assert read("text", " \n ", "p", required=True) == (None, ["p: must be a non-empty string"])
    assert read("text", "", "p", required=True) == (None, ["p: must be a non-empty string"])
    assert read("text", " x ", "p", required=True) == (" x ", [])


def test_text_holds_exactly_its_longest_and_not_one_character_more():
    assert read("text", "abcde", "p", max_length=5) == ("abcde", [])
    assert read("text", "abcdef", "p", max_length=5) == (
        None,
        ["p: must be at most 5 characters (it has 6)"],
    )
    assert read("text", "x" * 100_000, "p") == ("x" * 100_000, [])


def test_line_refuses_line_breaks_and_control_characters():
    assert read("line", "a\nb", "p") == (None, [f"p: {LINE_BREAK}"])
    assert read("line", "a\tb", "p", required=True) == (None, [f"p: {TAB}"])
    assert read("line", "one line", "p") == ("one line", [])
    assert read("line", "", "p") == ("", [])


def test_line_checks_as_text_first_and_reports_once():
    assert read("line", 4, "p") == (None, ["p: must be a string"])
    assert read("line", None, "p", required=True) == (None, ["p: must be a non-empty string"])
    assert read("line", " ", "p", required=True) == (None, ["p: must be a non-empty string"])
    assert read("line", "abc", "p", max_length=3) == ("abc", [])
    assert read("line", "abcd", "p", max_length=3) == (None, ["p: must be at most 3 characters (it has 4)"])
    assert read("line", "ab\ncd", "p", max_length=3) == (None, ["p: must be at most 3 characters (it has 5)"])


# Checker.text_list -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "a", {"a": 1}, ("a",)])
def test_text_list_refuses_what_is_not_an_array(value):
    assert read("text_list", value, "p") == (None, ["p: must be an array of strings"])


def test_text_list_holds_exactly_its_most_items_and_not_one_more():
    assert read("text_list", ["a", "b"], "p", max_items=2) == (["a", "b"], [])
    assert read("text_list", ["a", "b", ""], "p", max_items=2) == (
        None,
        ["p: must have at most 2 items (it has 3)"],
    )
    many = ["x"] * (limits.MAX_LIST_ITEMS * 3)
    assert read("text_list", many, "p") == (many, [])
    assert read("text_list", [], "p", max_items=0) == ([], [])


def test_text_list_checks_each_item_by_its_index():
    longest = "y" * limits.MAX_ITEM_LENGTH
    assert read("text_list", ["a", longest], "p") == (["a", longest], [])
    assert read("text_list", ["a", " ", 3, longest + "y"], "p") == (
        None,
        [
            "p[1]: must be a non-empty string",
            "p[2]: must be a non-empty string",
            f"p[3]: must be at most {limits.MAX_ITEM_LENGTH} characters (it has {limits.MAX_ITEM_LENGTH + 1})",
        ],
    )


# Checker.choice, boolean, integer ----------------------------------------------------------


@pytest.mark.parametrize("value", ["c", "", None, 1, "A"])
def test_choice_lists_the_choices_in_order_with_quotes(value):
    assert read("choice", value, "p", ["a", "b"]) == (None, ['p: must be one of "a", "b"'])


def test_choice_returns_a_choice():
    assert read("choice", "b", "p", ["a", "b"]) == ("b", [])
    assert read("choice", "", "p", ["", "a"]) == ("", [])


@pytest.mark.parametrize("value", [True, False])
def test_boolean_takes_true_and_false(value):
    assert read("boolean", value, "p") == (value, [])


@pytest.mark.parametrize("value", [None, 0, 1, "true", "false"])
def test_boolean_refuses_anything_else(value):
    assert read("boolean", value, "p") == (None, ["p: must be true or false"])


def test_integer_is_null_only_where_nullable():
    assert read("integer", None, "p", minimum=1, maximum=10) == (None, [])
    assert read("integer", None, "p", minimum=1, maximum=10, nullable=False) == (
        None,
        ["p: must be a whole number"],
    )


@pytest.mark.parametrize("value", [True, False, 3.0, "3", [3]])
def test_integer_refuses_booleans_and_other_types(value):
    assert read("integer", value, "p", minimum=0, maximum=10) == (None, ["p: must be a whole number or null"])
    assert read("integer", value, "p", minimum=0, maximum=10, nullable=False) == (
        None,
        ["p: must be a whole number"],
    )


def test_integer_bounds_are_inclusive():
    assert read("integer", 1, "p", minimum=1, maximum=10) == (1, [])
    assert read("integer", 10, "p", minimum=1, maximum=10) == (10, [])
    assert read("integer", 0, "p", minimum=1, maximum=10) == (None, ["p: must be between 1 and 10"])
    assert read("integer", 11, "p", minimum=1, maximum=10) == (None, ["p: must be between 1 and 10"])
    assert read("integer", -5, "p", minimum=-5, maximum=-5, nullable=False) == (-5, [])


# Checker.date ------------------------------------------------------------------------------


def test_date_reads_an_iso_date_and_null():
    assert read("date", "2010-08-03", "p") == (datetime.date(2010, 8, 3), [])
    assert read("date", None, "p") == (None, [])


@pytest.mark.parametrize("value", [20100803, ["2010-08-03"], True])
def test_date_refuses_a_non_string(value):
    assert read("date", value, "p") == (None, ["p: must be a date written YYYY-MM-DD, or null"])


def test_date_quotes_a_bad_value_up_to_40_characters():
    assert read("date", "2010-13-01", "p") == (
        None,
        ['p: must be a date written YYYY-MM-DD; "2010-13-01" is not one'],
    )
    long = "the third of August two thousand and ten, a Tuesday"
    assert read("date", long, "p") == (
        None,
        [f'p: must be a date written YYYY-MM-DD; "{long[:40]}" is not one'],
    )
    assert read("date", "", "p") == (None, ['p: must be a date written YYYY-MM-DD; "" is not one'])


def test_date_refuses_an_iso_date_not_written_yyyy_mm_dd():
    assert datetime.date.fromisoformat("20100803") == datetime.date(2010, 8, 3)  # Python reads it
    assert read("date", "20100803", "p") == (None, ["p: must be a date written YYYY-MM-DD"])


def test_date_refuses_a_date_outside_the_accepted_range():
    assert read("date", "2000-01-01", "p") == (datetime.date(2000, 1, 1), [])
    assert read("date", "1999-12-31", "p") == (None, [f"p: {OUT_OF_RANGE_1999}"])


# Checker.user ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_finds_a_user_of_the_role_by_email_in_any_case():
    roger = AssessorFactory(email="roger.yates@iqm.example")
    AssessorFactory(email="other@iqm.example")
    assert read("user", "Roger.Yates@IQM.example", "p", "assessor") == (roger, [])


@pytest.mark.django_db
def test_user_names_an_unknown_email_and_a_wrong_role_by_its_label():
    AssessorFactory(email="roger.yates@iqm.example")
    DirectorFactory(email="joe@iqm.example")
    assert read("user", "nobody@iqm.example", "p", "assessor") == (
        None,
        ['p: no user has the email address "nobody@iqm.example"'],
    )
    assert read("user", "JOE@iqm.example", "p", "assessor") == (
        None,
        ['p: "JOE@iqm.example" is not an assessor'],
    )
    assert read("user", "roger.yates@iqm.example", "p", "qa_reader") == (
        None,
        ['p: "roger.yates@iqm.example" is not an quality-assurance reader'],
    )


@pytest.mark.django_db
def test_user_needs_a_non_empty_email_of_at_most_254_characters():
    assert read("user", None, "p", "assessor") == (None, ["p: must be a non-empty string"])
    assert read("user", " ", "p", "assessor") == (None, ["p: must be a non-empty string"])
    longest = "a" * 240 + "@iqm.example.o"
    assert len(longest) == 254
    AssessorFactory(email=longest)
    assert read("user", longest, "p", "assessor") == (User.objects.get(email=longest), [])
    assert read("user", longest + "r", "p", "assessor") == (
        None,
        ["p: must be at most 254 characters (it has 255)"],
    )


# validate_document -------------------------------------------------------------------------


@pytest.fixture
def people(db):
    return {
        "lead": AssessorFactory(email="lead@iqm.example"),
        "co": AssessorFactory(email="co@iqm.example"),
        "co2": AssessorFactory(email="co2@iqm.example"),
        "director": DirectorFactory(email="director@iqm.example"),
    }


def element_items(framework: Framework) -> list[dict]:
    return [
        {
            "number": element.number,
            "title": element.title,
            "narrative": f"N{element.number}.",
            "strengths": ["S."],
            "areas_for_development": ["A."],
            "no_significant_areas": False,
        }
        for element in framework.elements.order_by("number")
    ]


@pytest.fixture
def doc(people) -> dict:
    """A good version 4 document of a draft of the 2010 framework."""
    framework = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    return {
        "format": "iqm-assessment",
        "format_version": 4,
        "school": {
            "name": "Oak Hill Academy",
            "addressed_name": "Oak Hill",
            "address_lines": ["1 School Lane", "Halton"],
            "town": "Runcorn",
            "county": "Cheshire",
            "postcode": "WA7 4SY",
            "local_authority": "Halton",
            "phase": "secondary",
            "number_on_roll": 900,
            "headteacher_title": "Ms",
            "headteacher_name": "Alex Morgan",
        },
        "framework": {"name": framework.name, "version": framework.version},
        "kind": "assessment",
        "status": "draft",
        "visit_start": "2026-11-10",
        "visit_end": "2026-11-11",
        "remote": False,
        "renews_lower_award": False,
        "letter_date": None,
        "lead_assessor": "lead@iqm.example",
        "co_assessors": ["co@iqm.example"],
        "confirmed_by": None,
        "confirmed_at": None,
        "summary": "Summary.",
        "recommendation": "",
        "outcome": "",
        "reassessment_years": None,
        "context": "",
        "evidence": "",
        "key_areas_of_success": [],
        "minor_areas_for_development": [],
        "elements": element_items(framework),
        "report_structure": "elements",
        "sections": [],
        "targets": [],
        "research_project": None,
        "carried": [],
    }


def problems_of(doc) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        validate_document(doc)
    return caught.value.problems


def changed(doc: dict, **changes) -> dict:
    new = copy.deepcopy(doc)
    new.update(changes)
    return new


def school_changed(doc: dict, **changes) -> dict:
    new = copy.deepcopy(doc)
    new["school"].update(changes)
    return new


def test_a_good_document_gives_its_clean_values(doc, people):
    clean = validate_document(doc)
    assert clean["school"] == {
        "name": "Oak Hill Academy",
        "addressed_name": "Oak Hill",
        "town": "Runcorn",
        "county": "Cheshire",
        "postcode": "WA7 4SY",
        "local_authority": "Halton",
        "headteacher_title": "Ms",
        "headteacher_name": "Alex Morgan",
        "address_lines": "1 School Lane\nHalton",
        "phase": "secondary",
        "number_on_roll": 900,
    }
    assert clean["framework"] == Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    assert (clean["kind"], clean["status"], clean["remote"], clean["renews_lower_award"]) == (
        "assessment",
        "draft",
        False,
        False,
    )
    assert (clean["visit_start"], clean["visit_end"], clean["letter_date"]) == (
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 11),
        None,
    )
    assert clean["lead_assessor"] == people["lead"]
    assert clean["co_assessors"] == [people["co"]]
    assert "confirmed_by" not in clean and "confirmed_at" not in clean
    assert [clean[key] for key in ("summary", "recommendation", "context", "evidence")] == [
        "Summary.",
        "",
        "",
        "",
    ]
    assert (clean["outcome"], clean["reassessment_years"], clean["report_structure"], clean["sections"]) == (
        "",
        None,
        "elements",
        [],
    )
    assert clean["key_areas_of_success"] == [] and clean["minor_areas_for_development"] == []
    assert [(item["element"].number, item["narrative"]) for item in clean["elements"]] == [
        (n, f"N{n}.") for n in range(1, 11)
    ]


@pytest.mark.parametrize("version", [0, 5, True, False, "4", 4.5, None])
def test_only_format_versions_1_to_4_are_read_and_nothing_else_is_checked(doc, version):
    bad = changed(doc, format_version=version, format="other", status="nonsense")
    assert problems_of(bad) == [
        "format_version: must be 1 or 2 or 3 or 4; this version of the app reads no other"
    ]
    del bad["format_version"]
    assert problems_of(bad) == [
        "format_version: must be 1 or 2 or 3 or 4; this version of the app reads no other"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", [[], "text", 4, None])
def test_a_document_that_is_not_an_object_is_refused(value):
    assert problems_of(value) == ["$: must be an object"]


def without(doc: dict, *keys: str) -> dict:
    return {key: value for key, value in doc.items() if key not in keys}


PART_KEYS = ("targets", "research_project", "carried")


def test_each_version_has_its_own_keys(doc):
    v3 = changed(without(doc, *PART_KEYS), format_version=3)
    v2 = changed(without(v3, "report_structure", "sections"), format_version=2)
    v1 = changed(without(v2, "remote", "renews_lower_award"), format_version=1)
    for version in (v1, v2, v3, doc):
        assert validate_document(version)["elements"]
    assert problems_of(changed(v1, remote=False)) == ["remote: is not a field of this format"]
    assert problems_of(changed(v2, report_structure="elements")) == [
        "report_structure: is not a field of this format"
    ]
    assert problems_of(changed(v2, sections=[])) == ["sections: is not a field of this format"]
    assert problems_of(changed(v3, targets=[])) == ["targets: is not a field of this format"]
    # A part does not read its keys in a document older than it: only that they do not belong.
    assert problems_of(changed(v3, targets="not a list")) == ["targets: is not a field of this format"]
    assert problems_of(without(doc, "carried", "summary")) == [
        "summary: is missing",
        "carried: is missing",
        "summary: must be a string",
    ]
    assert problems_of(changed(doc, extra=1)) == ["extra: is not a field of this format"]


def test_a_document_without_the_version_2_fields_is_neither_remote_nor_a_renewal(doc):
    v1 = changed(without(doc, "remote", "renews_lower_award", "report_structure", "sections", *PART_KEYS))
    v1["format_version"] = 1
    clean = validate_document(v1)
    assert (clean["remote"], clean["renews_lower_award"], clean["report_structure"], clean["sections"]) == (
        False,
        False,
        "elements",
        [],
    )
    clean = validate_document(changed(doc, remote=True, renews_lower_award=True))
    assert (clean["remote"], clean["renews_lower_award"]) == (True, True)
    assert problems_of(changed(doc, remote=None, renews_lower_award="yes")) == [
        "remote: must be true or false",
        "renews_lower_award: must be true or false",
    ]


def test_the_parts_check_their_keys_of_version_4_with_the_documents_kind(doc):
    target = {"text": "Widen the outreach.", "lead": "", "by_when": ""}
    assert validate_document(changed(doc, kind="coe_review", targets=[target]))["targets"] == [target]
    # A kind that is not known is reported alone: the parts check as for no kind at all.
    assert problems_of(changed(doc, kind="nope", targets=[target])) == [
        f'kind: "nope" is not a kind of visit this app knows; it must be one of {kinds_shown()}'
    ]
    assert problems_of(changed(doc, targets=[target])) == [
        'targets: a visit of the kind "assessment" (IQM assessment) records no targets for the coming year '
        "(only Centre of Excellence and Flagship visits do); leave it []"
    ]


def test_the_format_must_be_named(doc):
    assert problems_of(changed(doc, format="IQM-assessment")) == ['format: must be "iqm-assessment"']


def test_the_school_must_be_an_object_with_a_name(doc):
    assert problems_of(changed(doc, school=[])) == ["school: must be an object"]
    assert problems_of(without(doc, "school")) == ["school: is missing"]
    assert problems_of(school_changed(doc, name=" ")) == ["school.name: must be a non-empty string"]
    assert problems_of(school_changed(doc, name=None)) == ["school.name: must be a non-empty string"]
    assert problems_of(school_changed(doc, town=None)) == ["school.town: must be a string"]
    bad = copy.deepcopy(doc)
    del bad["school"]["town"]
    bad["school"]["web"] = "x"
    assert problems_of(bad) == ["school.web: is not a field of this format", "school.town: is missing"]


@pytest.mark.parametrize(
    "key, longest",
    [
        ("name", 200),
        ("addressed_name", 200),
        ("town", 100),
        ("county", 100),
        ("postcode", 10),
        ("local_authority", 100),
        ("headteacher_title", 20),
        ("headteacher_name", 200),
    ],
)
def test_each_school_field_holds_exactly_its_longest_on_one_line(doc, key, longest):
    assert validate_document(school_changed(doc, **{key: "x" * longest}))["school"][key] == "x" * longest
    assert problems_of(school_changed(doc, **{key: "x" * (longest + 1)})) == [
        f"school.{key}: must be at most {longest} characters (it has {longest + 1})"
    ]
    assert problems_of(school_changed(doc, **{key: "x\ny"})) == [f"school.{key}: {LINE_BREAK}"]
    if key != "name":
        assert validate_document(school_changed(doc, **{key: ""}))["school"][key] == ""


def test_the_school_address_phase_and_roll(doc):
    clean = validate_document(school_changed(doc, address_lines=[], phase="", number_on_roll=None))
    assert (
        clean["school"]["address_lines"],
        clean["school"]["phase"],
        clean["school"]["number_on_roll"],
    ) == (
        "",
        "",
        None,
    )
    assert validate_document(school_changed(doc, number_on_roll=0))["school"]["number_on_roll"] == 0
    assert (
        validate_document(school_changed(doc, number_on_roll=100_000))["school"]["number_on_roll"] == 100_000
    )
    assert problems_of(
        school_changed(doc, address_lines="1 School Lane", phase="nursery", number_on_roll=100_001)
    ) == [
        "school.address_lines: must be an array of strings",
        'school.phase: must be one of "", "primary", "secondary", "all_through", "special", "alternative", "other"',
        "school.number_on_roll: must be between 0 and 100000",
    ]
    assert problems_of(school_changed(doc, address_lines=["a", ""], number_on_roll=-1)) == [
        "school.address_lines[1]: must be a non-empty string",
        "school.number_on_roll: must be between 0 and 100000",
    ]


def test_a_school_without_its_address_lines_is_told_so_once(doc):
    bad = copy.deepcopy(doc)
    del bad["school"]["address_lines"]
    assert problems_of(bad) == ["school.address_lines: is missing"]


def test_the_framework_must_exist(doc):
    assert problems_of(changed(doc, framework={"name": "IQM", "version": "2010"})) == [
        'framework: no framework "IQM" version "2010"'
    ]
    assert problems_of(changed(doc, framework="IQM")) == ["framework: must be an object"]
    assert problems_of(without(doc, "framework")) == ["framework: is missing"]
    assert problems_of(changed(doc, framework={"name": "", "version": None, "year": 1})) == [
        "framework.year: is not a field of this format",
        "framework.name: must be a non-empty string",
        "framework.version: must be a non-empty string",
    ]
    assert problems_of(changed(doc, framework={"name": "x" * 201, "version": "v" * 51})) == [
        "framework.name: must be at most 200 characters (it has 201)",
        "framework.version: must be at most 50 characters (it has 51)",
    ]
    assert problems_of(changed(doc, framework={"name": "x" * 200, "version": "v" * 50})) == [
        f'framework: no framework "{"x" * 200}" version "{"v" * 50}"'
    ]
    assert problems_of(changed(doc, framework={"name": "IQM\n", "version": "2010"})) == [
        f"framework.name: {LINE_BREAK}"
    ]


def test_a_renamed_framework_version_finds_the_framework_by_its_new_name(doc):
    renamed = Framework.objects.get(name="IQM Evaluative Framework", version="Eight elements")
    new = changed(doc, framework={"name": "IQM Evaluative Framework", "version": "current"})
    new["elements"] = element_items(renamed)
    assert validate_document(new)["framework"] == renamed


def kinds_shown() -> str:
    return ", ".join(f'"{code}"' for code in VisitKind.objects.values_list("code", flat=True))


def test_an_unknown_kind_is_named_with_the_kinds_there_are(doc):
    long = "k" * 50
    assert problems_of(changed(doc, kind=long)) == [
        f'kind: "{"k" * 40}" is not a kind of visit this app knows; it must be one of {kinds_shown()}'
    ]
    assert kinds_shown().startswith('"assessment", "reassessment", "coe_assessment"')
    assert problems_of(changed(doc, kind="")) == [f"kind: must be one of {kinds_shown()}"]
    assert problems_of(changed(doc, kind=None)) == [f"kind: must be one of {kinds_shown()}"]
    assert validate_document(changed(doc, kind="flagship_review"))["kind"] == "flagship_review"


def test_version_1_knows_only_its_four_kinds(doc):
    v1 = changed(without(doc, "remote", "renews_lower_award", "report_structure", "sections", *PART_KEYS))
    v1["format_version"] = 1
    assert validate_document(changed(v1, kind="coe_review"))["kind"] == "coe_review"
    v1_kinds = '"assessment", "reassessment", "coe_review", "flagship_review"'
    assert problems_of(changed(v1, kind="coe_assessment")) == [
        f'kind: "coe_assessment" is not a kind of visit this app knows; it must be one of {v1_kinds}'
    ]
    assert problems_of(changed(v1, kind=3)) == [f"kind: must be one of {v1_kinds}"]


def test_the_status_and_the_dates(doc):
    assert problems_of(changed(doc, status="issued")) == [
        'status: must be one of "draft", "submitted", "returned", "confirmed"'
    ]
    clean = validate_document(changed(doc, visit_end="2026-11-10", letter_date="2026-11-12"))
    assert (clean["visit_end"], clean["letter_date"]) == (
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 12),
    )
    assert validate_document(changed(doc, visit_start=None, visit_end="2026-01-01"))["visit_start"] is None
    assert validate_document(changed(doc, visit_start="2026-01-01", visit_end=None))["visit_end"] is None
    assert problems_of(changed(doc, visit_end="2026-11-09")) == [
        "visit_end: must not be before visit_start (2026-11-10)"
    ]
    assert problems_of(changed(doc, visit_start="1999-12-31", visit_end="x", letter_date=1)) == [
        f"visit_start: {OUT_OF_RANGE_1999}",
        'visit_end: must be a date written YYYY-MM-DD; "x" is not one',
        "letter_date: must be a date written YYYY-MM-DD, or null",
    ]


def test_the_assessors_must_be_assessors_by_email(doc, people):
    clean = validate_document(changed(doc, co_assessors=["co@iqm.example", "CO2@iqm.example"]))
    assert clean["co_assessors"] == [people["co"], people["co2"]]
    assert validate_document(changed(doc, co_assessors=[]))["co_assessors"] == []
    assert problems_of(changed(doc, co_assessors="co@iqm.example")) == [
        "co_assessors: must be an array of email addresses"
    ]
    assert problems_of(
        changed(
            doc, lead_assessor="director@iqm.example", co_assessors=["co@iqm.example", "no@iqm.example", 1]
        )
    ) == [
        'lead_assessor: "director@iqm.example" is not an assessor',
        'co_assessors[1]: no user has the email address "no@iqm.example"',
        "co_assessors[2]: must be a non-empty string",
    ]


def test_a_confirmed_document_names_its_director_and_time(doc, people):
    clean = validate_document(
        changed(
            doc,
            status="confirmed",
            confirmed_by="director@iqm.example",
            confirmed_at="2026-11-20T09:30:00+02:00",
        )
    )
    assert clean["confirmed_by"] == people["director"]
    assert clean["confirmed_at"] == datetime.datetime(2026, 11, 20, 7, 30, tzinfo=datetime.UTC)
    assert clean["confirmed_at"].utcoffset() == datetime.timedelta(hours=2)
    assert problems_of(changed(doc, status="confirmed")) == [
        "confirmed_by: must be a non-empty string",
        "confirmed_at: must be an ISO 8601 date and time, such as 2010-08-03T09:00:00+00:00",
    ]
    assert problems_of(
        changed(doc, status="confirmed", confirmed_by="lead@iqm.example", confirmed_at="2026-11-20T09:30:00")
    ) == [
        'confirmed_by: "lead@iqm.example" is not an director',
        "confirmed_at: must include a time zone offset, such as +00:00",
    ]


@pytest.mark.parametrize(
    "value, problem",
    [
        (20101003, "must be an ISO 8601 date and time, such as 2010-08-03T09:00:00+00:00"),
        ("the third of August two thousand and ten at nine", 'must be an ISO 8601 date and time; "the third of August two thousand and ten" is not one'),
        ("1999-12-31T23:59:59+00:00", OUT_OF_RANGE_1999),
    ],
)  # fmt: skip
def test_a_confirmation_time_must_be_an_iso_time_in_range(doc, value, problem):
    bad = changed(doc, status="confirmed", confirmed_by="director@iqm.example", confirmed_at=value)
    assert problems_of(bad) == [f"confirmed_at: {problem}"]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_only_a_confirmed_document_names_who_confirmed_it(doc, status):
    bad = changed(doc, status=status, confirmed_by="director@iqm.example", confirmed_at="x")
    assert problems_of(bad) == [
        "confirmed_by: must be null unless the status is confirmed",
        "confirmed_at: must be null unless the status is confirmed",
    ]
    assert problems_of(changed(doc, status=status, confirmed_at=False)) == [
        "confirmed_at: must be null unless the status is confirmed"
    ]


@pytest.mark.parametrize("key", ["summary", "recommendation", "context", "evidence"])
def test_each_long_text_holds_exactly_the_longest_field(doc, key):
    longest = "x" * limits.MAX_FIELD_LENGTH
    assert validate_document(changed(doc, **{key: longest}))[key] == longest
    assert problems_of(changed(doc, **{key: longest + "x"})) == [
        f"{key}: must be at most {limits.MAX_FIELD_LENGTH} characters (it has {limits.MAX_FIELD_LENGTH + 1})"
    ]
    assert problems_of(changed(doc, **{key: None})) == [f"{key}: must be a string"]
    assert validate_document(changed(doc, **{key: "a\nb"}))[key] == "a\nb"


def test_the_outcome_and_the_years(doc):
    for outcome in ("", "yes", "no", "deferred"):
        assert validate_document(changed(doc, outcome=outcome))["outcome"] == outcome
    assert validate_document(changed(doc, reassessment_years=1))["reassessment_years"] == 1
    assert validate_document(changed(doc, reassessment_years=10))["reassessment_years"] == 10
    assert problems_of(changed(doc, outcome="maybe", reassessment_years=11)) == [
        'outcome: must be one of "", "yes", "no", "deferred"',
        "reassessment_years: must be between 1 and 10",
    ]
    assert problems_of(changed(doc, reassessment_years=0)) == ["reassessment_years: must be between 1 and 10"]
    assert problems_of(changed(doc, reassessment_years="3")) == [
        "reassessment_years: must be a whole number or null"
    ]


@pytest.mark.parametrize("key", ["key_areas_of_success", "minor_areas_for_development"])
def test_each_list_of_areas_holds_exactly_the_most_items(doc, key):
    most = [f"Item {n}." for n in range(limits.MAX_LIST_ITEMS)]
    assert validate_document(changed(doc, **{key: most}))[key] == most
    assert problems_of(changed(doc, **{key: [*most, "One more."]})) == [
        f"{key}: must have at most {limits.MAX_LIST_ITEMS} items (it has {limits.MAX_LIST_ITEMS + 1})"
    ]
    assert problems_of(changed(doc, **{key: ["", "x" * (limits.MAX_ITEM_LENGTH + 1)]})) == [
        f"{key}[0]: must be a non-empty string",
        f"{key}[1]: must be at most {limits.MAX_ITEM_LENGTH} characters (it has {limits.MAX_ITEM_LENGTH + 1})",
    ]
    assert problems_of(changed(doc, **{key: None})) == [f"{key}: must be an array of strings"]


SECTION = {
    "heading": "Provision",
    "narrative": "Around the child.",
    "quotations": [{"text": "Q.", "attribution": ""}],
}


def test_the_report_structure_and_its_sections(doc):
    assert problems_of(changed(doc, report_structure="chapters")) == [
        'report_structure: must be one of "elements", "themed"'
    ]
    assert problems_of(changed(doc, sections=[SECTION])) == [
        'sections: must be empty unless report_structure is "themed"'
    ]
    themed = validate_document(changed(doc, report_structure="themed", sections=[SECTION]))
    assert (themed["report_structure"], themed["sections"]) == (
        "themed",
        [
            {
                "heading": "Provision",
                "narrative": "Around the child.",
                "quotations": [{"text": "Q.", "attribution": ""}],
            }
        ],
    )
    assert problems_of(changed(doc, report_structure="themed", sections=None)) == [
        "sections: must be an array of sections"
    ]


def test_a_themed_report_may_leave_elements_out_but_a_report_by_elements_may_not(doc):
    some = changed(doc, report_structure="themed", elements=doc["elements"][3:4])
    assert [item["element"].number for item in validate_document(some)["elements"]] == [4]
    assert validate_document(changed(doc, report_structure="themed", elements=[]))["elements"] == []
    assert problems_of(changed(doc, elements=doc["elements"][2:3] + doc["elements"][9:])) == [
        "elements: element 1 (Learner Progress) is missing",
        "elements: element 2 (Learner Attitude, Values & Personal Development) is missing",
        "elements: element 4 (Staffing System & Organisation) is missing",
        "elements: element 5 (The Learning Environment) is missing",
        "elements: element 6 (Teaching & Learning) is missing",
        "elements: element 7 (Resources & ICT) is missing",
        "elements: element 8 (Parents & Carers) is missing",
        "elements: element 9 (Governors, External Partners & Local Authority) is missing",
    ]


def test_every_problem_is_reported_at_once_in_the_documents_order(doc):
    bad = changed(
        doc,
        format="x",
        kind="nope",
        status="nope",
        lead_assessor="nobody@iqm.example",
        summary=1,
        outcome=1,
        elements="none",
        sections=5,
        unknown=True,
    )
    bad["school"]["phase"] = "x"
    assert problems_of(bad) == [
        "unknown: is not a field of this format",
        'format: must be "iqm-assessment"',
        'school.phase: must be one of "", "primary", "secondary", "all_through", "special", "alternative", "other"',
        f'kind: "nope" is not a kind of visit this app knows; it must be one of {kinds_shown()}',
        'status: must be one of "draft", "submitted", "returned", "confirmed"',
        'lead_assessor: no user has the email address "nobody@iqm.example"',
        "summary: must be a string",
        'outcome: must be one of "", "yes", "no", "deferred"',
        "elements: must be an array of objects, one per element of the framework",
        "sections: must be an array of sections",
    ]


def lengths(doc: dict) -> int:
    """All the document's text, counted by hand."""
    total = sum(len(doc[key]) for key in ("summary", "recommendation", "context", "evidence"))
    total += sum(map(len, doc["key_areas_of_success"] + doc["minor_areas_for_development"]))
    for item in doc["elements"]:
        total += len(item["narrative"]) + sum(map(len, item["strengths"] + item["areas_for_development"]))
    return total


def test_the_whole_text_holds_exactly_the_most_and_not_one_character_more(doc, monkeypatch):
    # Every kind of text counts, each a different length.
    full = changed(
        doc,
        kind="coe_review",
        targets=[{"text": "t" * 7, "lead": "l", "by_when": "b"}],
        summary="s" * 1000,
        recommendation="r" * 200,
        context="c" * 30,
        evidence="e" * 4,
        key_areas_of_success=["k" * 5000, "kk"],
        minor_areas_for_development=["m" * 700, "mm"],
    )
    full["elements"][0]["narrative"] = "n" * 60
    full["elements"][9]["strengths"] = ["t" * 4000, "tt"]
    full["elements"][5]["areas_for_development"] = ["a" * 3000, "aa"]
    total = lengths(full) + 9
    assert total == 14_075
    monkeypatch.setattr(limits, "MAX_TOTAL_LENGTH", total)
    assert validate_document(full)["summary"] == "s" * 1000
    monkeypatch.setattr(limits, "MAX_TOTAL_LENGTH", total - 1)
    assert problems_of(full) == [
        f"$: the assessment holds {total:,} characters of text; the most one assessment may hold is {total - 1:,}"
    ]
    # The total is counted only for a document with no other problem.
    assert problems_of(changed(full, outcome="maybe")) == [
        'outcome: must be one of "", "yes", "no", "deferred"'
    ]


# _sections ---------------------------------------------------------------------------------


def sections(value) -> tuple:
    check = Checker()
    return _sections(check, value), check.problems


def test_sections_hold_exactly_the_most_sections():
    most = [SECTION] * limits.MAX_LIST_ITEMS
    found, problems = sections(most)
    assert (len(found), problems) == (limits.MAX_LIST_ITEMS, [])
    assert sections([*most, SECTION]) == (
        [],
        [
            f"sections: must have at most {limits.MAX_LIST_ITEMS} sections (it has {limits.MAX_LIST_ITEMS + 1})"
        ],
    )
    assert sections({"heading": "x"}) == ([], ["sections: must be an array of sections"])
    assert sections([]) == ([], [])


def test_a_section_needs_a_one_line_heading_and_may_have_an_empty_narrative():
    ok = {"heading": "h" * MAX_HEADING_LENGTH, "narrative": "", "quotations": []}
    assert sections([ok]) == ([{"heading": "h" * MAX_HEADING_LENGTH, "narrative": "", "quotations": []}], [])
    assert sections(
        [
            "section",
            {"heading": " ", "narrative": None, "quotations": []},
            {"heading": "a\nb", "narrative": "x" * (limits.MAX_FIELD_LENGTH + 1), "quotations": []},
            {
                "heading": "h" * (MAX_HEADING_LENGTH + 1),
                "narrative": "x" * limits.MAX_FIELD_LENGTH,
                "quotations": [],
            },
            {"heading": "h", "extra": 1},
        ]
    ) == (
        [
            {"heading": None, "narrative": None, "quotations": []},
            {"heading": None, "narrative": None, "quotations": []},
            {"heading": None, "narrative": "x" * limits.MAX_FIELD_LENGTH, "quotations": []},
            {"heading": "h", "narrative": None, "quotations": []},
        ],
        [
            "sections[0]: must be an object",
            "sections[1].heading: must be a non-empty string",
            "sections[1].narrative: must be a string",
            f"sections[2].heading: {LINE_BREAK}",
            f"sections[2].narrative: must be at most {limits.MAX_FIELD_LENGTH} characters (it has {limits.MAX_FIELD_LENGTH + 1})",
            f"sections[3].heading: must be at most {MAX_HEADING_LENGTH} characters (it has {MAX_HEADING_LENGTH + 1})",
            "sections[4].extra: is not a field of this format",
            "sections[4].narrative: is missing",
            "sections[4].quotations: is missing",
            "sections[4].narrative: must be a string",
            f"sections[4].quotations: must be an array of at most {limits.MAX_LIST_ITEMS} quotations",
        ],
    )


def test_a_section_holds_exactly_the_most_quotations():
    quotation = {"text": "Q.", "attribution": "A parent"}
    most = {"heading": "H", "narrative": "N", "quotations": [quotation] * limits.MAX_LIST_ITEMS}
    found, problems = sections([most])
    assert (found[0]["quotations"], problems) == ([quotation] * limits.MAX_LIST_ITEMS, [])
    too_many = {"heading": "H", "narrative": "N", "quotations": [quotation] * (limits.MAX_LIST_ITEMS + 1)}
    assert sections([most, too_many]) == (
        [found[0], {"heading": "H", "narrative": "N", "quotations": []}],
        [f"sections[1].quotations: must be an array of at most {limits.MAX_LIST_ITEMS} quotations"],
    )


def test_a_quotation_needs_its_text_and_may_leave_its_attribution_empty():
    quotations = [
        {"text": "t" * limits.MAX_ITEM_LENGTH, "attribution": "a" * MAX_ATTRIBUTION_LENGTH},
        "quoted",
        {"text": " ", "attribution": "a\tb"},
        {"text": "t" * (limits.MAX_ITEM_LENGTH + 1), "attribution": "a" * (MAX_ATTRIBUTION_LENGTH + 1)},
        {"text": "T.", "attribution": None, "date": 1},
        {"text": "Fine.", "attribution": ""},
    ]
    assert sections([{"heading": "H", "narrative": "N", "quotations": quotations}]) == (
        [
            {
                "heading": "H",
                "narrative": "N",
                "quotations": [
                    {"text": "t" * limits.MAX_ITEM_LENGTH, "attribution": "a" * MAX_ATTRIBUTION_LENGTH},
                    {"text": None, "attribution": None},
                    {"text": None, "attribution": None},
                    {"text": "T.", "attribution": None},
                    {"text": "Fine.", "attribution": ""},
                ],
            }
        ],
        [
            "sections[0].quotations[1]: must be an object",
            "sections[0].quotations[2].text: must be a non-empty string",
            f"sections[0].quotations[2].attribution: {TAB}",
            f"sections[0].quotations[3].text: must be at most {limits.MAX_ITEM_LENGTH} characters (it has {limits.MAX_ITEM_LENGTH + 1})",
            f"sections[0].quotations[3].attribution: must be at most {MAX_ATTRIBUTION_LENGTH} characters (it has {MAX_ATTRIBUTION_LENGTH + 1})",
            "sections[0].quotations[4].date: is not a field of this format",
            "sections[0].quotations[4].attribution: must be a string",
        ],
    )


# _elements ---------------------------------------------------------------------------------


def elements(value, framework=None, **kwargs) -> tuple:
    check = Checker()
    return _elements(check, value, framework, **kwargs), check.problems


def item(number, title="T", **changes) -> dict:
    return {
        "number": number,
        "title": title,
        "narrative": "N.",
        "strengths": ["S."],
        "areas_for_development": ["A."],
        "no_significant_areas": False,
    } | changes


def test_elements_must_be_an_array():
    assert elements({"number": 1}) == (
        None,
        ["elements: must be an array of objects, one per element of the framework"],
    )
    assert elements([]) == ([], [])


def test_an_element_is_read_into_its_clean_values():
    assert elements(
        [item(1, no_significant_areas=True, strengths=[], areas_for_development=["A.", "B."])]
    ) == (
        [
            {
                "element": None,
                "narrative": "N.",
                "strengths": [],
                "areas": ["A.", "B."],
                "no_significant_areas": True,
            }
        ],
        [],
    )


def test_an_element_number_is_a_whole_number_from_1_to_999():
    found, problems = elements([item(1), item(999)])
    assert ([e["narrative"] for e in found], problems) == (["N.", "N."], [])
    assert elements([item(0), item(1000), item(None), item("1"), item(True)])[1] == [
        "elements[0].number: must be between 1 and 999",
        "elements[1].number: must be between 1 and 999",
        "elements[2].number: must be a whole number",
        "elements[3].number: must be a whole number",
        "elements[4].number: must be a whole number",
    ]


def test_a_repeated_element_number_names_where_it_was_last_seen():
    assert elements([item(3), item(2), item(3), item(3)])[1] == [
        "elements[2].number: element 3 appears twice (also at elements[0])",
        "elements[3].number: element 3 appears twice (also at elements[2])",
    ]


def test_an_element_that_is_not_an_object_is_skipped():
    found, problems = elements(["one", item(2), None])
    assert (len(found), problems) == (1, ["elements[0]: must be an object", "elements[2]: must be an object"])


@pytest.mark.django_db
def test_elements_must_be_the_frameworks_with_their_titles():
    framework = Framework.objects.get(name="Inclusion Quality Mark", version="2010")
    titles = dict(framework.elements.values_list("number", "title"))
    found, problems = elements(
        [item(n, titles[n]) for n in (10, 3, 1, 2, 5, 6, 7, 8)]
        + [item(11), item(4, "Staffing"), item(9, None)],
        framework,
    )
    assert problems == [
        "elements[8].number: the framework has no element 11",
        'elements[9].title: must be "Staffing System & Organisation", the title of element 4',
        "elements[10].title: must be a string",
    ]
    assert [e["element"].number if e["element"] else None for e in found] == [
        10,
        3,
        1,
        2,
        5,
        6,
        7,
        8,
        None,
        4,
        9,
    ]
    assert elements([item(n, titles[n]) for n in (1, 2)], framework)[1] == [
        f"elements: element {n} ({titles[n]}) is missing" for n in range(3, 11)
    ]
    assert elements([item(2, titles[2])], framework, all_needed=False)[1] == []


def test_an_elements_flag_must_be_true_or_false_and_its_texts_are_checked():
    found, problems = elements(
        [
            item(1, no_significant_areas="yes"),
            item(2, no_significant_areas=None, narrative=None, strengths="S.", areas_for_development=[""]),
            item(3, narrative="n" * (limits.MAX_FIELD_LENGTH + 1)),
            item(4, narrative="n" * limits.MAX_FIELD_LENGTH, strengths=["s"] * limits.MAX_LIST_ITEMS),
            item(
                5,
                areas_for_development=["a"] * (limits.MAX_LIST_ITEMS + 1),
                strengths=["s"] * (limits.MAX_LIST_ITEMS + 1),
            ),
        ]
    )
    assert problems == [
        "elements[0].no_significant_areas: must be true or false",
        "elements[1].no_significant_areas: must be true or false",
        "elements[1].narrative: must be a string",
        "elements[1].strengths: must be an array of strings",
        "elements[1].areas_for_development[0]: must be a non-empty string",
        f"elements[2].narrative: must be at most {limits.MAX_FIELD_LENGTH} characters (it has {limits.MAX_FIELD_LENGTH + 1})",
        f"elements[4].strengths: must have at most {limits.MAX_LIST_ITEMS} items (it has {limits.MAX_LIST_ITEMS + 1})",
        f"elements[4].areas_for_development: must have at most {limits.MAX_LIST_ITEMS} items (it has {limits.MAX_LIST_ITEMS + 1})",
    ]
    assert [e["no_significant_areas"] for e in found] == [False, False, False, False, False]
    assert found[3]["narrative"] == "n" * limits.MAX_FIELD_LENGTH
    assert found[3]["strengths"] == ["s"] * limits.MAX_LIST_ITEMS


# parse_document ----------------------------------------------------------------------------


def parse_problems(text, **kwargs) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        parse_document(text, **kwargs)
    return caught.value.problems


def test_bytes_must_be_utf8_and_are_named_as_given():
    assert parse_document('{"a": "é"}'.encode()) == {"a": "é"}
    assert parse_problems(b'{"a": "\xe9"}') == ["The document is not UTF-8 text."]
    assert parse_problems(b"\xff", name="upload.json") == ["upload.json is not UTF-8 text."]


def test_a_text_is_measured_in_utf8_bytes():
    pairs = (limits.MAX_DOCUMENT_BYTES - 2) // 2
    assert 2 * pairs + 2 == limits.MAX_DOCUMENT_BYTES
    assert parse_document('"' + "é" * pairs + '"') == "é" * pairs
    assert parse_problems('"' + "é" * (pairs + 1) + '"', name="x.json") == [
        f"x.json is {limits.MAX_DOCUMENT_BYTES + 2:,} bytes; the largest accepted is "
        f"{limits.MAX_DOCUMENT_BYTES:,} (an assessment at every limit is far smaller)."
    ]
    over = b" " * limits.MAX_DOCUMENT_BYTES + b"\xff"
    assert parse_problems(over) == [
        f"The document is {limits.MAX_DOCUMENT_BYTES + 1:,} bytes; the largest accepted is "
        f"{limits.MAX_DOCUMENT_BYTES:,} (an assessment at every limit is far smaller)."
    ]


def test_a_text_with_an_unpaired_surrogate_is_measured_and_read():
    assert parse_document('["\ud800", "\\ud800"]') == ["\ud800", "\ud800"]


def test_the_depth_message_names_where_it_went_too_deep():
    deepest = limits.MAX_DOCUMENT_DEPTH
    text = " " * 1000 + '{"a": ' * deepest + "[1]" + "}" * deepest
    assert parse_problems(text) == [
        f"The document nests arrays and objects more than {deepest} deep (at character "
        f"{1000 + 6 * deepest:,}); an assessment document nests 3 deep."
    ]
    assert parse_problems("[" * (deepest + 1), name="f") == [
        f"f nests arrays and objects more than {deepest} deep (at character {deepest}); an assessment "
        "document nests 3 deep."
    ]


def test_closed_brackets_do_not_count_towards_the_depth():
    siblings = "[" + ", ".join(["[]", "{}"] * (limits.MAX_DOCUMENT_DEPTH * 2)) + "]"
    assert parse_document(siblings) == [[], {}] * (limits.MAX_DOCUMENT_DEPTH * 2)
    deepest = limits.MAX_DOCUMENT_DEPTH
    in_strings = "[" * (deepest - 1) + '["]]]", "{\\"[[[[", "\\\\", "[[["]' + "]" * (deepest - 1)
    value = parse_document(in_strings)
    for _ in range(deepest - 1):
        (value,) = value
    assert value == ["]]]", '{"[[[[', "\\", "[[["]


def test_a_closed_bracket_takes_one_level_off_the_depth():
    """After "[[[]" the depth is 2: as many more as make it one past the deepest are refused,
    one fewer are read."""
    deepest = limits.MAX_DOCUMENT_DEPTH
    for more, refused in ((deepest - 1, True), (deepest - 2, False)):
        text = "[[[]," + "[" * more + "]" * more + "]]"
        if refused:
            assert parse_problems(text, name="f") == [
                f"f nests arrays and objects more than {deepest} deep (at character {5 + deepest - 2}); "
                "an assessment document nests 3 deep."
            ]
        else:
            assert parse_document(text)[0][0] == []


def test_numbers_hold_exactly_the_most_digits_and_a_minus_is_no_digit():
    most = "9" * limits.MAX_NUMBER_DIGITS
    assert parse_document(f"[{most}, -{most}, 1.5, -0]") == [int(most), -int(most), 1.5, 0]
    message = (
        f"The document holds a number of {limits.MAX_NUMBER_DIGITS + 1:,} digits; no number of this "
        f"format has more than {limits.MAX_NUMBER_DIGITS}."
    )
    assert parse_problems(f"[{most}1]") == [message]
    assert parse_problems(f"[-{most}1]") == [message]


def test_invalid_json_is_refused_with_the_decoders_words():
    assert parse_problems('{"a": 1,}') == [
        "The document is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 9 (char 8)."
    ]
    assert parse_problems("", name="x") == ["x is not valid JSON: Expecting value: line 1 column 1 (char 0)."]


@pytest.mark.parametrize("error", [ValueError("x" * 300), RecursionError("too deep")])
def test_whatever_else_the_decoder_cannot_read_is_refused_with_its_words(monkeypatch, error):
    def loads(text, **kwargs):
        raise error

    monkeypatch.setattr(json, "loads", loads)
    assert parse_problems("[]", name="f") == [f"f cannot be read as JSON: {str(error)[:200]}."]
