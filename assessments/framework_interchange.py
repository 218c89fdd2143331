"""Export and import of a framework as a JSON document (docs/framework-format.md).

`export_framework_document` turns a framework, its elements and the crosswalk into it, into a
plain dict. `import_framework_document` checks the whole document first, reporting every
problem with its JSON path ("elements[3].title: …"), decides what the document would do —
create a framework, update one that no assessment uses yet, or nothing because it is already
there word for word — and only then writes, in one transaction, so a bad document changes
nothing. A framework that assessments use keeps its text: new words need a new version.
"""

import dataclasses
import re
from typing import Any

from django.db import transaction

from assessments.interchange import Checker, ImportProblems
from assessments.models import Element, ElementMapping, Framework, letter_details_problems

FORMAT = "iqm-framework"
FORMAT_VERSION = 1
READ_VERSIONS = (1,)
TOP_KEYS = [
    "format", "format_version", "name", "version", "description", "is_current", "running_header",
    "context_subheading", "letter_details", "elements",
]  # fmt: skip
OPTIONAL_KEYS = ["crosswalk"]
ELEMENT_KEYS = ["number", "title", "guidance"]
CROSSWALK_KEYS = ["from", "map"]
MAX_ELEMENTS = 100
LABEL_LENGTH = 100
_NUMBER = re.compile(r"[1-9][0-9]{0,2}")

# What letters print or assessors read: a framework that assessments use keeps these as they are.
# is_current and the crosswalk say how the framework is offered and compared, not what it says.
TEXT_FIELDS = ["description", "running_header", "context_subheading", "letter_details"]

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

__all__ = [
    "CREATED",
    "UNCHANGED",
    "UPDATED",
    "ImportProblems",
    "ImportResult",
    "export_framework_document",
    "import_framework_document",
    "validate_framework_document",
]


# Export ------------------------------------------------------------------------------------


def _crosswalks_into(framework: Framework) -> list[dict]:
    """The crosswalks from other frameworks into this one, each {"from", "map"}, oldest first."""
    mappings = (
        ElementMapping.objects.filter(to_element__framework=framework)
        .select_related("from_element__framework", "to_element")
        .order_by("from_element__framework__name", "from_element__framework__version", "from_element__number")
    )
    by_source: dict[int, dict] = {}
    for mapping in mappings:
        source = mapping.from_element.framework
        walk = by_source.setdefault(
            source.pk, {"from": {"name": source.name, "version": source.version}, "map": {}}
        )
        walk["map"].setdefault(str(mapping.from_element.number), []).append(mapping.to_element.number)
    for walk in by_source.values():
        for targets in walk["map"].values():
            targets.sort()
    return list(by_source.values())


def export_framework_document(framework: Framework) -> dict[str, Any]:
    """The framework as a JSON-ready dict, keys in the documented order. The crosswalk into it,
    if any, is one object, or an array of them when elements of several frameworks map into it."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        "is_current": framework.is_current,
        "running_header": framework.running_header,
        "context_subheading": framework.context_subheading,
        "letter_details": [list(row) for row in framework.letter_details],
        "elements": [
            {"number": element.number, "title": element.title, "guidance": element.guidance}
            for element in framework.elements.order_by("number")
        ],
    }
    walks = _crosswalks_into(framework)
    if walks:
        doc["crosswalk"] = walks[0] if len(walks) == 1 else walks
    return doc


# Validation --------------------------------------------------------------------------------


def _check_elements(check: Checker, value: Any) -> list[dict] | None:
    if not isinstance(value, list) or not value:
        check.fail("elements", "must be a non-empty array of objects, one per element")
        return None
    if len(value) > MAX_ELEMENTS:
        check.fail("elements", f"must have at most {MAX_ELEMENTS} elements (it has {len(value)})")
        return None
    seen: dict[int, int] = {}
    result = []
    for index, item in enumerate(value):
        path = f"elements[{index}]"
        obj = check.obj(item, path, ELEMENT_KEYS)
        if obj is None:
            continue
        number = check.integer(
            obj.get("number"), f"{path}.number", minimum=1, maximum=MAX_ELEMENTS, nullable=False
        )
        if number is not None:
            if number in seen:
                check.fail(
                    f"{path}.number", f"element {number} appears twice (also at elements[{seen[number]}])"
                )
            else:
                seen[number] = index
        title = check.line(obj.get("title"), f"{path}.title", max_length=300, required=True)
        guidance = check.text(obj.get("guidance"), f"{path}.guidance")
        result.append({"number": number, "title": title, "guidance": guidance})
    if seen:
        missing = [n for n in range(1, max(seen) + 1) if n not in seen]
        if missing:
            shown = ", ".join(map(str, missing))
            check.fail(
                "elements",
                f"the elements are numbered 1 to {max(seen)} without gaps; "
                f"{'number' if len(missing) == 1 else 'numbers'} {shown} {'is' if len(missing) == 1 else 'are'} missing",
            )
    return sorted(result, key=lambda item: item["number"] or 0)


def _check_crosswalk(
    check: Checker, value: Any, path: str, numbers: set[int], name: str | None, version: str | None
) -> dict | None:
    """One crosswalk into the document's framework: {"from": Framework, "map": {n: [m, …]}}."""
    obj = check.obj(value, path, CROSSWALK_KEYS)
    if obj is None:
        return None
    source = None
    spec = check.obj(obj.get("from"), f"{path}.from", ["name", "version"]) if "from" in obj else None
    if spec is not None:
        from_name = check.line(spec.get("name"), f"{path}.from.name", max_length=200, required=True)
        from_version = check.line(spec.get("version"), f"{path}.from.version", max_length=50, required=True)
        if from_name is not None and from_version is not None:
            if (from_name, from_version) == (name, version):
                check.fail(
                    f"{path}.from", "must name another framework: a crosswalk maps one framework to another"
                )
            else:
                source = Framework.objects.filter(name=from_name, version=from_version).first()
                if source is None:
                    check.fail(f"{path}.from", f'no framework "{from_name}" version "{from_version}"')
    source_numbers = set(source.elements.values_list("number", flat=True)) if source else set()
    clean_map: dict[int, list[int]] = {}
    table = obj.get("map")
    # A missing map is reported by check.obj, with the other missing fields.
    if "map" in obj and not isinstance(table, dict):
        check.fail(f"{path}.map", 'must be an object such as {"1": [3, 5]}')
    elif isinstance(table, dict):
        for key, targets in table.items():
            where = f"{path}.map.{key}"
            number = int(key) if _NUMBER.fullmatch(key) else None
            if number is None:
                check.fail(where, 'must be named by an element number of the other framework, such as "3"')
            elif source is not None and number not in source_numbers:
                check.fail(where, f"{source} has no element {number}")
            if not isinstance(targets, list):
                check.fail(where, "must be an array of this framework's element numbers")
                continue
            clean_targets = []
            for index, target in enumerate(targets):
                target_path = f"{where}[{index}]"
                if isinstance(target, bool) or not isinstance(target, int):
                    check.fail(target_path, "must be a whole number: an element number of this framework")
                elif target not in numbers:
                    check.fail(target_path, f"this framework has no element {target}")
                elif target in clean_targets:
                    check.fail(target_path, f"element {target} is listed twice")
                else:
                    clean_targets.append(target)
            if number is not None:
                clean_map[number] = clean_targets
    return {"from": source, "map": clean_map}


def validate_framework_document(doc: Any) -> dict[str, Any]:
    """Check the whole document; return the clean values or raise ImportProblems listing every
    problem found."""
    check = Checker()
    version = doc.get("format_version") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and (isinstance(version, bool) or version not in READ_VERSIONS):
        check.fail(
            "format_version",
            f"must be {' or '.join(map(str, READ_VERSIONS))}; this version of the app reads no other",
        )
        raise ImportProblems(check.problems)
    top = check.obj(
        {key: value for key, value in doc.items() if key not in OPTIONAL_KEYS}
        if isinstance(doc, dict)
        else doc,
        "$",
        TOP_KEYS,
    )
    if top is None:
        raise ImportProblems(check.problems)
    if top.get("format") != FORMAT:
        check.fail("format", f'must be "{FORMAT}"')

    clean: dict[str, Any] = {
        "name": check.line(top.get("name"), "name", max_length=200, required=True),
        "version": check.line(top.get("version"), "version", max_length=50, required=True),
        "description": check.text(top.get("description"), "description"),
        "is_current": check.boolean(top.get("is_current"), "is_current"),
        "running_header": check.line(top.get("running_header"), "running_header", max_length=100),
        "context_subheading": check.line(top.get("context_subheading"), "context_subheading", max_length=100),
    }
    rows = top.get("letter_details")
    row_problems = letter_details_problems(rows)
    for problem in row_problems:
        check.fail("letter_details", problem)
    clean["letter_details"] = None
    if not row_problems:
        # Labels print in the letter: text that can be stored (no NUL, which PostgreSQL's jsonb
        # refuses), of a length a table cell holds.
        labels = [
            check.line(label, f"letter_details[{index}][1]", max_length=LABEL_LENGTH)
            for index, (_, label) in enumerate(rows)
        ]
        if None not in labels:
            clean["letter_details"] = [[key, label] for (key, _), label in zip(rows, labels, strict=True)]
    clean["elements"] = elements = _check_elements(check, top.get("elements"))

    numbers = {item["number"] for item in elements or [] if item["number"] is not None}
    walks = doc.get("crosswalk")
    clean["crosswalks"] = []
    if walks is not None:
        many = isinstance(walks, list)
        for index, walk in enumerate(walks if many else [walks]):
            path = f"crosswalk[{index}]" if many else "crosswalk"
            clean["crosswalks"].append(
                _check_crosswalk(check, walk, path, numbers, clean["name"], clean["version"])
            )
        sources = [walk["from"].pk for walk in clean["crosswalks"] if walk and walk["from"]]
        if len(sources) != len(set(sources)):
            check.fail("crosswalk", "names the same framework twice; give one crosswalk per framework")

    if check.problems:
        raise ImportProblems(check.problems)
    return clean


# Import ------------------------------------------------------------------------------------


@dataclasses.dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do): `action` is CREATED, UPDATED or
    UNCHANGED; `message` says it in a sentence."""

    framework: Framework | None
    action: str
    message: str
    dry_run: bool = False


def _crosswalk_pairs(walks: list[dict]) -> dict[int, set[tuple[int, int]]]:
    """For each source framework's id, the (from number, to number) pairs the document gives."""
    return {
        walk["from"].pk: {(number, target) for number, targets in walk["map"].items() for target in targets}
        for walk in walks
    }


def _stored_pairs(framework: Framework, source_ids) -> dict[int, set[tuple[int, int]]]:
    pairs: dict[int, set[tuple[int, int]]] = {source_id: set() for source_id in source_ids}
    rows = ElementMapping.objects.filter(
        to_element__framework=framework, from_element__framework_id__in=source_ids
    ).values_list("from_element__framework_id", "from_element__number", "to_element__number")
    for source_id, number, target in rows:
        pairs[source_id].add((number, target))
    return pairs


def _text_differences(framework: Framework, clean: dict) -> list[str]:
    """Which of the framework's words the document changes: field names, "elements[i].title"…"""
    differing = [field for field in TEXT_FIELDS if getattr(framework, field) != clean[field]]
    stored = {element.number: element for element in framework.elements.all()}
    wanted = {item["number"]: item for item in clean["elements"]}
    if set(stored) != set(wanted):
        differing.append(f"elements (the framework has {len(stored)}, the document {len(wanted)})")
    for index, item in enumerate(clean["elements"]):
        element = stored.get(item["number"])
        if element is None:
            continue
        differing += [
            f"elements[{index}].{field}"
            for field in ("title", "guidance")
            if getattr(element, field) != item[field]
        ]
    return differing


def _names(walks: list[dict]) -> str:
    return " and ".join(str(walk["from"]) for walk in walks)


def import_framework_document(doc: Any, *, dry_run: bool = False) -> ImportResult:
    """Create or update a framework from a document; all or nothing.

    - A name and version not yet in the database: the framework is created.
    - Already there, word for word (and the same crosswalk, if the document has one): nothing
      changes, and the result says so.
    - Already there with other words and no assessment uses it: it is updated, elements matched
      by number (an element the document no longer has is deleted).
    - Already there with other words and used by assessments: refused (ImportProblems) — its
      letters were written against its words; the new words need a new version. Only whether
      it is current and its crosswalk may change.
    A crosswalk in the document replaces the framework's crosswalk from the framework it names.
    A document that makes its framework current makes every other framework not current.
    With dry_run, the result says what would happen and nothing is written.
    """
    clean = validate_framework_document(doc)
    if dry_run:
        result = _plan(clean, lock=False)
        result.dry_run = True
        if result.action != UNCHANGED:
            result.message += " (--dry-run: nothing was written)"
        return result
    with transaction.atomic():
        # The framework's row is locked while deciding, so no visit can start using it between
        # the check that nothing uses it and the update.
        result = _plan(clean, lock=True)
        if result.action != UNCHANGED:
            result.framework = _write(result.framework, clean, _crosswalk_pairs(clean["crosswalks"]))
    return result


def _plan(clean: dict, *, lock: bool) -> ImportResult:
    """What the document does, with the framework it does it to (None: a new one); raises
    ImportProblems when it may not."""
    name, version, walks = clean["name"], clean["version"], clean["crosswalks"]
    label = f"{name} ({version})"
    found = Framework.objects.filter(name=name, version=version)
    existing = (found.select_for_update() if lock else found).first()
    if existing is None:
        count = len(clean["elements"])
        message = f"Created framework {label} with {count} element{'s' if count != 1 else ''}"
        message += f" and a crosswalk from {_names(walks)}." if walks else "."
        return ImportResult(None, CREATED, message)

    pairs = _crosswalk_pairs(walks)
    crosswalk_changes = _stored_pairs(existing, list(pairs)) != pairs
    differing = _text_differences(existing, clean)
    if differing:
        used = existing.assessments.count()
        if used:
            raise ImportProblems(
                [
                    f"framework {label} is used by {used} assessment{'s' if used != 1 else ''}; "
                    f"give the new text a new version (it differs in {', '.join(differing)})"
                ]
            )
        message = f"Updated framework {label}, which no assessment uses yet: {', '.join(differing)}."
        return ImportResult(existing, UPDATED, message)
    parts = []
    if existing.is_current != clean["is_current"]:
        parts.append("it is now current" if clean["is_current"] else "it is no longer current")
    if crosswalk_changes:
        parts.append(f"its crosswalk from {_names(walks)} is replaced")
    if parts:
        message = f"Updated framework {label}: its text is unchanged; {' and '.join(parts)}."
        return ImportResult(existing, UPDATED, message)
    return ImportResult(
        existing, UNCHANGED, f"Framework {label} is already there word for word; nothing changed."
    )


def _write(existing: Framework | None, clean: dict, pairs: dict[int, set[tuple[int, int]]]) -> Framework:
    fields = {field: clean[field] for field in ["name", "version", "is_current", *TEXT_FIELDS]}
    framework = existing or Framework()
    for field, value in fields.items():
        setattr(framework, field, value)
    framework.full_clean()
    framework.save()
    if clean["is_current"]:
        for other in Framework.objects.filter(is_current=True).exclude(pk=framework.pk):
            other.is_current = False
            other.save(update_fields=["is_current"])

    stored = {element.number: element for element in framework.elements.all()}
    wanted = {item["number"]: item for item in clean["elements"]}
    for number, element in stored.items():
        if number not in wanted:
            element.delete()
    elements = {}
    for number, item in sorted(wanted.items()):
        element = stored.get(number) or Element(framework=framework, number=number)
        if element.pk is None or (element.title, element.guidance) != (item["title"], item["guidance"]):
            element.title, element.guidance = item["title"], item["guidance"]
            element.save()
        elements[number] = element

    for source_id, wanted_pairs in pairs.items():
        ElementMapping.objects.filter(
            to_element__framework=framework, from_element__framework_id=source_id
        ).delete()
        sources = {e.number: e for e in Element.objects.filter(framework_id=source_id)}
        ElementMapping.objects.bulk_create(
            ElementMapping(from_element=sources[number], to_element=elements[target])
            for number, target in sorted(wanted_pairs)
        )
    return framework
