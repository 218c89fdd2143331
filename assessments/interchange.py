"""Export and import of a whole assessment as a JSON document (docs/assessment-format.md).

`export_document` turns an assessment into a plain dict; `import_document` checks a whole
document first, reporting every problem with its JSON path, and only then writes, in one
transaction, so a bad document changes nothing.
"""

import datetime
import json
import re
from typing import Any

from django.db import transaction

from accounts.models import Role, User
from assessments import limits, parts, services
from assessments.kinds import ReportStructure, VisitKind, kind_for
from assessments.models import (
    Assessment,
    Finding,
    Framework,
    Outcome,
    Statement,
    StatementKind,
    Status,
)
from assessments.sections import (
    MAX_ATTRIBUTION_LENGTH,
    MAX_HEADING_LENGTH,
    Quotation,
    Section,
    sections_of,
)
from assessments.single_line import single_line_problem
from schools.models import Phase, School

FORMAT = "iqm-assessment"
FORMAT_VERSION = 4
# Version 1 (before kinds were data) still imports: it lacks the fields V2_KEYS adds, and names
# one of the four kinds of that time. Version 2 lacks the fields V3_KEYS adds (a themed report's
# structure and sections); version 3 lacks the keys the registered parts add from version 4
# (assessments.parts: continuity's targets for the coming year, research project and what was
# carried in from the previous visit); docs/assessment-format.md describes version 4.
READ_VERSIONS = (1, 2, 3, 4)
V1_KINDS = ["assessment", "reassessment", "coe_review", "flagship_review"]
V2_KEYS = ["remote", "renews_lower_award"]
V3_KEYS = ["report_structure", "sections"]
SECTION_KEYS = ["heading", "narrative", "quotations"]
QUOTATION_KEYS = ["text", "attribution"]
# Framework versions that were renamed since a document could name them.
RENAMED_FRAMEWORKS = {("IQM Evaluative Framework", "current"): "Eight elements"}

SCHOOL_FIELDS = {
    "name": 200,
    "addressed_name": 200,
    "town": 100,
    "county": 100,
    "postcode": 10,
    "local_authority": 100,
    "headteacher_title": 20,
    "headteacher_name": 200,
}
TOP_KEYS = [
    "format", "format_version", "school", "framework", "kind", "status", "visit_start", "visit_end",
    "letter_date", "lead_assessor", "co_assessors", "confirmed_by", "confirmed_at", "summary",
    "recommendation", "outcome", "reassessment_years", "context", "evidence", "key_areas_of_success",
    "minor_areas_for_development", "elements",
]  # fmt: skip
SCHOOL_KEYS = [
    "name", "addressed_name", "address_lines", "town", "county", "postcode", "local_authority", "phase",
    "number_on_roll", "headteacher_title", "headteacher_name",
]  # fmt: skip
ELEMENT_KEYS = ["number", "title", "narrative", "strengths", "areas_for_development", "no_significant_areas"]

# The texts of an assessment and their limits (assessments.limits).
LONG_TEXTS = ("summary", "recommendation", "context", "evidence")


class ImportProblems(Exception):
    """The document cannot be imported; `problems` lists each one as "path: message"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# Export ------------------------------------------------------------------------------------


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def export_document(assessment: Assessment) -> dict[str, Any]:
    """The assessment as a JSON-ready dict, keys in the documented order."""
    school = assessment.school
    statements = list(assessment.statements.order_by("kind", "position"))
    findings = list(assessment.findings.select_related("element").order_by("element__number"))

    def texts(kind: str, finding_id: int | None = None) -> list[str]:
        return [s.text for s in statements if s.kind == kind and s.finding_id == finding_id]

    confirmed_at = assessment.confirmed_at
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "school": {
            "name": school.name,
            "addressed_name": school.addressed_name,
            "address_lines": school.address_line_list,
            "town": school.town,
            "county": school.county,
            "postcode": school.postcode,
            "local_authority": school.local_authority,
            "phase": school.phase,
            "number_on_roll": school.number_on_roll,
            "headteacher_title": school.headteacher_title,
            "headteacher_name": school.headteacher_name,
        },
        "framework": {"name": assessment.framework.name, "version": assessment.framework.version},
        "kind": assessment.kind_id,
        "status": assessment.status,
        "visit_start": _date(assessment.visit_start),
        "visit_end": _date(assessment.visit_end),
        "remote": assessment.remote,
        "renews_lower_award": assessment.renews_lower_award,
        "letter_date": _date(assessment.letter_date),
        "lead_assessor": assessment.lead_assessor.email,
        "co_assessors": sorted(user.email for user in assessment.co_assessors.all()),
        "confirmed_by": assessment.confirmed_by.email if assessment.confirmed_by else None,
        "confirmed_at": confirmed_at.astimezone(datetime.UTC).isoformat() if confirmed_at else None,
        "summary": assessment.summary,
        "recommendation": assessment.recommendation,
        "outcome": assessment.outcome,
        "reassessment_years": assessment.reassessment_years,
        "context": assessment.context,
        "evidence": assessment.evidence,
        "key_areas_of_success": texts(StatementKind.KEY_SUCCESS),
        "minor_areas_for_development": texts(StatementKind.MINOR_AREA),
        "elements": [
            {
                "number": finding.element.number,
                "title": finding.element.title,
                "narrative": finding.narrative,
                "strengths": texts(StatementKind.STRENGTH, finding.pk),
                "areas_for_development": texts(StatementKind.AREA, finding.pk),
                "no_significant_areas": finding.no_significant_areas,
            }
            for finding in findings
        ],
        "report_structure": assessment.report_structure,
        "sections": [
            {
                "heading": section.heading,
                "narrative": section.narrative,
                "quotations": [
                    {"text": q.text, "attribution": q.attribution} for q in section.quotations.all()
                ],
            }
            for section in sections_of(assessment)
        ],
    } | _parts_export(assessment)


def _parts_export(assessment: Assessment) -> dict[str, Any]:
    """The registered parts' keys of the document (assessments.parts), in order."""
    found: dict[str, Any] = {}
    for export in parts.with_hook("export"):
        found.update(export(assessment))
    return found


# Reading ------------------------------------------------------------------------------------

# A string (with its escapes) or a bracket: what nesting is counted from.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _TooManyDigits(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    # Python refuses to read an int of more than 4,300 digits with a ValueError the json module
    # does not turn into a JSONDecodeError; long before that, it is not a number of this format.
    if len(digits.lstrip("-")) > limits.MAX_NUMBER_DIGITS:
        raise _TooManyDigits(digits)
    return int(digits)


def parse_document(text: str | bytes, *, name: str = "The document") -> Any:
    """The JSON value of an import document, or ImportProblems saying why it cannot be read:
    too large, nested too deep, a number with too many digits, or not JSON at all. Nothing
    here recurses on the document, so no document makes a RecursionError or a traceback."""
    if isinstance(text, bytes):
        if len(text) > limits.MAX_DOCUMENT_BYTES:
            raise ImportProblems([_too_large(name, len(text))])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportProblems([f"{name} is not UTF-8 text."]) from None
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.MAX_DOCUMENT_BYTES:
        raise ImportProblems([_too_large(name, size)])
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > limits.MAX_DOCUMENT_DEPTH:
                raise ImportProblems(
                    [
                        f"{name} nests arrays and objects more than {limits.MAX_DOCUMENT_DEPTH} deep "
                        f"(at character {match.start():,}); an assessment document nests 3 deep."
                    ]
                )
        elif bracket in "]}":
            depth -= 1
    try:
        return json.loads(text, parse_int=_bounded_int)
    except _TooManyDigits as error:
        digits = len(str(error).lstrip("-"))
        raise ImportProblems(
            [
                f"{name} holds a number of {digits:,} digits; no number of this format has more "
                f"than {limits.MAX_NUMBER_DIGITS}."
            ]
        ) from None
    except json.JSONDecodeError as error:
        raise ImportProblems([f"{name} is not valid JSON: {error}."]) from None
    except (ValueError, RecursionError) as error:
        # Whatever else the decoder cannot read (a depth the scan above did not see).
        raise ImportProblems([f"{name} cannot be read as JSON: {str(error)[:200]}."]) from None


def _too_large(name: str, size: int) -> str:
    return (
        f"{name} is {size:,} bytes; the largest accepted is {limits.MAX_DOCUMENT_BYTES:,} "
        "(an assessment at every limit is far smaller)."
    )


# Validation --------------------------------------------------------------------------------


class Checker:
    """Collects problems while reading a document; each read returns a clean value or None."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def obj(self, value: Any, path: str, keys: list[str]) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return None
        for key in value:
            if key not in keys:
                self.fail(f"{path}.{key}" if path != "$" else key, "is not a field of this format")
        for key in keys:
            if key not in value:
                self.fail(f"{path}.{key}" if path != "$" else key, "is missing")
        return value

    def text(
        self, value: Any, path: str, *, max_length: int | None = None, required: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.fail(path, "must be a non-empty string" if required else "must be a string")
            return None
        if "\x00" in value:
            self.fail(path, "contains a NUL character, which cannot be stored")
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(path, "contains an unpaired surrogate, which is not valid Unicode text")
            return None
        if required and not value.strip():
            self.fail(path, "must be a non-empty string")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(path, f"must be at most {max_length} characters (it has {len(value)})")
            return None
        return value

    def line(
        self, value: Any, path: str, *, max_length: int | None = None, required: bool = False
    ) -> str | None:
        """A one-line text: as text(), and without line breaks or other control characters."""
        value = self.text(value, path, max_length=max_length, required=required)
        if value is not None and (problem := single_line_problem(value)):
            self.fail(path, problem)
            return None
        return value

    def text_list(self, value: Any, path: str, *, max_items: int | None = None) -> list[str] | None:
        if not isinstance(value, list):
            self.fail(path, "must be an array of strings")
            return None
        if max_items is not None and len(value) > max_items:
            self.fail(path, f"must have at most {max_items} items (it has {len(value)})")
            return None
        items = [
            self.text(item, f"{path}[{index}]", required=True, max_length=limits.MAX_ITEM_LENGTH)
            for index, item in enumerate(value)
        ]
        return None if any(item is None for item in items) else items

    def choice(self, value: Any, path: str, choices: list[str]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            shown = ", ".join(f'"{c}"' for c in choices)
            self.fail(path, f"must be one of {shown}")
            return None
        return value

    def date(self, value: Any, path: str) -> datetime.date | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, "must be a date written YYYY-MM-DD, or null")
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(path, f'must be a date written YYYY-MM-DD; "{value[:40]}" is not one')
            return None
        if len(value) != 10:
            self.fail(path, "must be a date written YYYY-MM-DD")
            return None
        problem = limits.date_problem(day)
        if problem:
            self.fail(path, problem)
            return None
        return day

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
            return None
        return value

    def integer(
        self, value: Any, path: str, *, minimum: int, maximum: int, nullable: bool = True
    ) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "must be a whole number" + (" or null" if nullable else ""))
            return None
        if not minimum <= value <= maximum:
            self.fail(path, f"must be between {minimum} and {maximum}")
            return None
        return value

    def user(self, value: Any, path: str, role: str) -> User | None:
        email = self.text(value, path, max_length=254, required=True)
        if email is None:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            self.fail(path, f'no user has the email address "{email}"')
            return None
        if user.role != role:
            self.fail(path, f'"{email}" is not an {Role(role).label.lower()}')
            return None
        return user


def _part_keys(format_version: int) -> list[str]:
    """The keys the registered parts add to a document of this format version."""
    return [
        key
        for part in parts.registered()
        if format_version >= part.since_version
        for key in part.document_keys
    ]


def validate_document(doc: Any) -> dict[str, Any]:
    """Check the whole document; return the clean values or raise ImportProblems listing
    every problem found."""
    check = Checker()
    if not isinstance(doc, dict):
        # A JSON array, string, number or null: nothing in it can be read as an assessment.
        check.fail("$", "must be an object")
        raise ImportProblems(check.problems)
    format_version = doc.get("format_version")
    if isinstance(format_version, bool) or format_version not in READ_VERSIONS:
        # Which fields belong depends on the version: nothing else can be checked.
        check.fail(
            "format_version",
            f"must be {' or '.join(map(str, READ_VERSIONS))}; this version of the app reads no other",
        )
        raise ImportProblems(check.problems)
    keys = {
        1: TOP_KEYS,
        2: [*TOP_KEYS, *V2_KEYS],
        3: [*TOP_KEYS, *V2_KEYS, *V3_KEYS],
    }.get(format_version, [*TOP_KEYS, *V2_KEYS, *V3_KEYS])
    keys = [*keys, *_part_keys(format_version)]
    top = check.obj(doc, "$", keys)
    if top.get("format") != FORMAT:
        check.fail("format", f'must be "{FORMAT}"')

    clean: dict[str, Any] = {}
    school = check.obj(top.get("school"), "school", SCHOOL_KEYS) if "school" in top else None
    if school is not None:
        clean_school = {}
        for key, max_length in SCHOOL_FIELDS.items():
            if key in school:
                clean_school[key] = check.line(
                    school[key], f"school.{key}", max_length=max_length, required=key == "name"
                )
        lines = check.text_list(school.get("address_lines", []), "school.address_lines")
        clean_school["address_lines"] = "\n".join(lines) if lines is not None else None
        if "phase" in school:
            clean_school["phase"] = check.choice(school["phase"], "school.phase", ["", *Phase.values])
        if "number_on_roll" in school:
            clean_school["number_on_roll"] = check.integer(
                school["number_on_roll"], "school.number_on_roll", minimum=0, maximum=100_000
            )
        clean["school"] = clean_school

    framework = None
    spec = check.obj(top.get("framework"), "framework", ["name", "version"]) if "framework" in top else None
    if spec is not None:
        name = check.line(spec.get("name"), "framework.name", max_length=200, required=True)
        version = check.line(spec.get("version"), "framework.version", max_length=50, required=True)
        if name is not None and version is not None:
            version = RENAMED_FRAMEWORKS.get((name, version), version)
            framework = Framework.objects.filter(name=name, version=version).first()
            if framework is None:
                check.fail("framework", f'no framework "{name}" version "{version}"')
    clean["framework"] = framework

    kinds = V1_KINDS if format_version == 1 else list(VisitKind.objects.values_list("code", flat=True))
    kind = top.get("kind")
    if isinstance(kind, str) and kind and kind not in kinds:
        # Name the unknown kind: a typing error and a kind this database lacks read alike.
        shown = ", ".join(f'"{c}"' for c in kinds)
        check.fail("kind", f'"{kind[:40]}" is not a kind of visit this app knows; it must be one of {shown}')
        clean["kind"] = None
    else:
        clean["kind"] = check.choice(kind, "kind", kinds)
    for key in V2_KEYS:
        clean[key] = check.boolean(top.get(key, False), key)
    clean["status"] = status = check.choice(top.get("status"), "status", Status.values)
    for key in ("visit_start", "visit_end", "letter_date"):
        clean[key] = check.date(top.get(key), key)
    if clean["visit_start"] and clean["visit_end"] and clean["visit_end"] < clean["visit_start"]:
        check.fail("visit_end", f"must not be before visit_start ({clean['visit_start'].isoformat()})")

    clean["lead_assessor"] = check.user(top.get("lead_assessor"), "lead_assessor", Role.ASSESSOR)
    co = top.get("co_assessors")
    if not isinstance(co, list):
        check.fail("co_assessors", "must be an array of email addresses")
        clean["co_assessors"] = []
    else:
        clean["co_assessors"] = [
            check.user(email, f"co_assessors[{index}]", Role.ASSESSOR) for index, email in enumerate(co)
        ]

    confirmed_by, confirmed_at = top.get("confirmed_by"), top.get("confirmed_at")
    if status == Status.CONFIRMED:
        clean["confirmed_by"] = check.user(confirmed_by, "confirmed_by", Role.DIRECTOR)
        clean["confirmed_at"] = _datetime(check, confirmed_at, "confirmed_at")
    else:
        for key, value in (("confirmed_by", confirmed_by), ("confirmed_at", confirmed_at)):
            if value is not None:
                check.fail(key, "must be null unless the status is confirmed")

    for key in LONG_TEXTS:
        clean[key] = check.text(top.get(key), key, max_length=limits.MAX_FIELD_LENGTH)
    clean["outcome"] = check.choice(top.get("outcome"), "outcome", ["", *Outcome.values])
    clean["reassessment_years"] = check.integer(
        top.get("reassessment_years"), "reassessment_years", minimum=1, maximum=10
    )
    clean["key_areas_of_success"] = check.text_list(
        top.get("key_areas_of_success"), "key_areas_of_success", max_items=limits.MAX_LIST_ITEMS
    )
    clean["minor_areas_for_development"] = check.text_list(
        top.get("minor_areas_for_development"), "minor_areas_for_development", max_items=limits.MAX_LIST_ITEMS
    )
    clean["report_structure"] = check.choice(
        top.get("report_structure", ReportStructure.ELEMENTS), "report_structure", ReportStructure.values
    )
    clean["elements"] = _elements(
        check, top.get("elements"), framework, all_needed=clean["report_structure"] != ReportStructure.THEMED
    )
    clean["sections"] = _sections(check, top.get("sections", []))
    if clean["sections"] and clean["report_structure"] != ReportStructure.THEMED:
        check.fail("sections", 'must be empty unless report_structure is "themed"')
    kind_row = (
        VisitKind.objects.select_related("award_level").filter(code=clean["kind"]).first()
        if clean["kind"]
        else None
    )
    for part in parts.registered():
        if part.validate is not None:
            # A document older than the part gives none of its keys: the part sees them empty.
            clean.update(part.validate(check, top if format_version >= part.since_version else {}, kind_row))
    if not check.problems:
        total = _text_length(clean)
        if total > limits.MAX_TOTAL_LENGTH:
            check.fail(
                "$",
                f"the assessment holds {total:,} characters of text; the most one assessment may hold "
                f"is {limits.MAX_TOTAL_LENGTH:,}",
            )

    if check.problems:
        raise ImportProblems(check.problems)
    return clean


def _sections(check: Checker, value: Any) -> list[dict]:
    """A themed report's sections, checked: a non-empty heading, a narrative, and quotations
    with non-empty text and an attribution (which may be empty)."""
    if not isinstance(value, list):
        check.fail("sections", "must be an array of sections")
        return []
    if len(value) > limits.MAX_LIST_ITEMS:
        check.fail("sections", f"must have at most {limits.MAX_LIST_ITEMS} sections (it has {len(value)})")
        return []
    found = []
    for index, raw in enumerate(value):
        path = f"sections[{index}]"
        section = check.obj(raw, path, SECTION_KEYS)
        if section is None:
            continue
        clean = {
            "heading": check.line(
                section.get("heading"), f"{path}.heading", max_length=MAX_HEADING_LENGTH, required=True
            ),
            "narrative": check.text(
                section.get("narrative"), f"{path}.narrative", max_length=limits.MAX_FIELD_LENGTH
            ),
            "quotations": [],
        }
        quotations = section.get("quotations")
        if not isinstance(quotations, list) or len(quotations) > limits.MAX_LIST_ITEMS:
            check.fail(
                f"{path}.quotations", f"must be an array of at most {limits.MAX_LIST_ITEMS} quotations"
            )
            quotations = []
        for q_index, raw_quotation in enumerate(quotations):
            q_path = f"{path}.quotations[{q_index}]"
            quotation = check.obj(raw_quotation, q_path, QUOTATION_KEYS)
            if quotation is None:
                continue
            clean["quotations"].append(
                {
                    "text": check.text(
                        quotation.get("text"),
                        f"{q_path}.text",
                        max_length=limits.MAX_ITEM_LENGTH,
                        required=True,
                    ),
                    "attribution": check.line(
                        quotation.get("attribution"),
                        f"{q_path}.attribution",
                        max_length=MAX_ATTRIBUTION_LENGTH,
                    ),
                }
            )
        found.append(clean)
    return found


def _text_length(clean: dict) -> int:
    """All the text of a checked document, in characters, as the editor counts it
    (assessments.editing.assessment_text_length)."""
    total = sum(len(clean[key]) for key in LONG_TEXTS)
    total += sum(map(len, clean["key_areas_of_success"])) + sum(
        map(len, clean["minor_areas_for_development"])
    )
    for item in clean["elements"]:
        total += len(item["narrative"]) + sum(map(len, item["strengths"])) + sum(map(len, item["areas"]))
    total += sum(length(clean) for length in parts.with_hook("document_text_length"))
    return total


def _datetime(check: Checker, value: Any, path: str) -> datetime.datetime | None:
    if not isinstance(value, str):
        check.fail(path, "must be an ISO 8601 date and time, such as 2010-08-03T09:00:00+00:00")
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        check.fail(path, f'must be an ISO 8601 date and time; "{value[:40]}" is not one')
        return None
    if moment.tzinfo is None:
        check.fail(path, "must include a time zone offset, such as +00:00")
        return None
    problem = limits.date_problem(moment.date())
    if problem:
        check.fail(path, problem)
        return None
    return moment


def _elements(
    check: Checker, value: Any, framework: Framework | None, *, all_needed: bool = True
) -> list[dict] | None:
    if not isinstance(value, list):
        check.fail("elements", "must be an array of objects, one per element of the framework")
        return None
    known = {element.number: element for element in framework.elements.all()} if framework else {}
    seen: dict[int, int] = {}
    result = []
    for index, item in enumerate(value):
        path = f"elements[{index}]"
        obj = check.obj(item, path, ELEMENT_KEYS)
        if obj is None:
            continue
        number = check.integer(obj.get("number"), f"{path}.number", minimum=1, maximum=999, nullable=False)
        element = None
        if number is not None:
            if number in seen:
                check.fail(
                    f"{path}.number", f"element {number} appears twice (also at elements[{seen[number]}])"
                )
            seen[number] = index
            element = known.get(number)
            if framework is not None and element is None:
                check.fail(f"{path}.number", f"the framework has no element {number}")
        title = check.text(obj.get("title"), f"{path}.title")
        if element is not None and title is not None and title != element.title:
            check.fail(f"{path}.title", f'must be "{element.title}", the title of element {number}')
        flag = obj.get("no_significant_areas")
        if not isinstance(flag, bool):
            check.fail(f"{path}.no_significant_areas", "must be true or false")
        result.append(
            {
                "element": element,
                "narrative": check.text(
                    obj.get("narrative"), f"{path}.narrative", max_length=limits.MAX_FIELD_LENGTH
                ),
                "strengths": check.text_list(
                    obj.get("strengths"), f"{path}.strengths", max_items=limits.MAX_LIST_ITEMS
                ),
                "areas": check.text_list(
                    obj.get("areas_for_development"),
                    f"{path}.areas_for_development",
                    max_items=limits.MAX_LIST_ITEMS,
                ),
                "no_significant_areas": flag is True,
            }
        )
    for number, element in sorted(known.items()):
        if all_needed and number not in seen:  # a themed report may leave elements out
            check.fail("elements", f"element {number} ({element.title}) is missing")
    return result


# Import ------------------------------------------------------------------------------------


def _school(clean_school: dict) -> School:
    fields = {key: value for key, value in clean_school.items() if key not in ("name", "postcode")}
    school, created = School.objects.get_or_create(
        name=clean_school["name"], postcode=clean_school.get("postcode") or "", defaults=fields
    )
    if not created:
        differing = [key for key, value in fields.items() if getattr(school, key) != value]
        if differing:
            raise ImportProblems(
                [
                    f'school.{key}: the school "{school.name}" ({school.postcode}) already exists with '
                    f'"{getattr(school, key)}" here'
                    for key in differing
                ]
            )
    return school


def import_document(doc: Any, *, by: User | None = None) -> Assessment:
    """Create an assessment from a document; all or nothing.

    The workflow's services write its state and history: assessment_import_record the
    "imported" row and a submitted or returned document's status, and for a confirmed one
    assessment_confirm issues it, with the confirming director and time it names. Raises
    ImportProblems for a bad document.
    """
    clean = validate_document(doc)
    with transaction.atomic():
        school = _school(clean["school"])
        assessment = Assessment.objects.create(
            school=school,
            framework=clean["framework"],
            kind=kind_for(clean["kind"]),
            status=Status.DRAFT,
            remote=clean["remote"],
            renews_lower_award=clean["renews_lower_award"],
            report_structure=clean["report_structure"],
            **{
                key: clean[key]
                for key in (
                    "visit_start",
                    "visit_end",
                    "letter_date",
                    "lead_assessor",
                    "summary",
                    "recommendation",
                    "outcome",
                    "reassessment_years",
                    "context",
                    "evidence",
                )
            },
        )
        assessment.co_assessors.set(clean["co_assessors"])
        statements = [
            Statement(assessment=assessment, kind=kind, position=position, text=text)
            for kind, key in (
                (StatementKind.KEY_SUCCESS, "key_areas_of_success"),
                (StatementKind.MINOR_AREA, "minor_areas_for_development"),
            )
            for position, text in enumerate(clean[key], start=1)
        ]
        for item in sorted(clean["elements"], key=lambda item: item["element"].number):
            finding = Finding.objects.create(
                assessment=assessment,
                element=item["element"],
                narrative=item["narrative"],
                no_significant_areas=item["no_significant_areas"],
            )
            for kind, key in ((StatementKind.STRENGTH, "strengths"), (StatementKind.AREA, "areas")):
                statements += [
                    Statement(assessment=assessment, finding=finding, kind=kind, position=position, text=text)
                    for position, text in enumerate(item[key], start=1)
                ]
        Statement.objects.bulk_create(statements)
        for position, item in enumerate(clean["sections"], start=1):
            section = Section.objects.create(
                assessment=assessment, position=position, heading=item["heading"], narrative=item["narrative"]
            )
            Quotation.objects.bulk_create(
                Quotation(assessment=assessment, section=section, position=q_position, **quotation)
                for q_position, quotation in enumerate(item["quotations"], start=1)
            )
        for load in parts.with_hook("load"):
            load(assessment, clean)
        assessment = services.assessment_import_record(assessment=assessment, status=clean["status"], by=by)
        if clean["status"] == Status.CONFIRMED:
            assessment = services.assessment_confirm(
                assessment=assessment, by=clean["confirmed_by"], at=clean["confirmed_at"], notify=False
            )
    return assessment
