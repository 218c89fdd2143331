"""The editing rules at their edges (found by mutation testing, docs/testing.md)."""

import pytest

from assessments import editing
from assessments.models import Statement, StatementKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(draft, lead):
    element = draft.framework.elements.get(number=6)
    return [
        editing.statement_add(assessment=draft, by=lead, kind=StatementKind.AREA, element=element, text=text)
        for text in ("Alpha.", "Bravo.", "Charlie.")
    ]


def texts(draft) -> list[str]:
    return list(
        Statement.objects.filter(assessment=draft, kind=StatementKind.AREA)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_the_second_item_moved_up_becomes_the_first(draft, lead, items):
    editing.statement_move(assessment=draft, by=lead, item_id=items[1].pk, direction="up")
    assert texts(draft) == ["Bravo.", "Alpha.", "Charlie."]
