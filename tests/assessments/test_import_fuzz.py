"""Property-based fuzzing of the JSON import (hypothesis): random mutations of the demo
document never raise anything but a validation error, and never leave a partial import."""

import copy
import json
import os

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.demo import REFERENCE_PATH
from assessments.interchange import ImportProblems, import_document

BASE = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
# A draft, so that a successful import does not render a PDF on every example.
BASE.update(status="draft", confirmed_by=None, confirmed_at=None)

NASTY_TEXT = st.sampled_from(
    [
        "",
        "   ",
        "\x00",
        "a\x00b",
        "\ud800",
        "x" * 300,
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "🎉",
        "ŵ",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | NASTY_TEXT,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def paths(node, prefix=()):
    """Every path to a value inside the document."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


ALL_PATHS = [p for p in paths(BASE) if p]


@st.composite
def mutated_documents(draw):
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
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
            continue  # an earlier mutation removed or replaced this path (with null, say)
    return doc


def counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    # CI runs the same examples every time, so a red build names a reproducible case; runs
    # elsewhere explore new ones.
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=mutated_documents())
def test_a_mutated_document_imports_whole_or_not_at_all(demo, doc):
    with transaction.atomic():
        before = counts()
        try:
            assessment = import_document(doc)
        except ImportProblems as problems:
            assert problems.problems, "a refusal names at least one problem"
            assert all(": " in line for line in problems.problems)
            assert counts() == before
        else:
            statements = sum(len(e["strengths"]) + len(e["areas_for_development"]) for e in doc["elements"])
            statements += len(doc["key_areas_of_success"]) + len(doc["minor_areas_for_development"])
            assert assessment.statements.count() == statements
            assert assessment.findings.count() == assessment.framework.elements.count()
        transaction.set_rollback(True)
