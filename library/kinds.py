"""The lists a library statement is written for: the letter's four (assessments.models.
StatementKind) and the targets for the coming year (continuity's)."""

from django.db import models

from assessments.models import FINDING_KINDS, StatementKind


class ListKind(models.TextChoices):
    """The list a statement is written for; the values of the letter's four are StatementKind's."""

    KEY_SUCCESS = StatementKind.KEY_SUCCESS.value, "Key area of success"
    MINOR_AREA = StatementKind.MINOR_AREA.value, "Minor area for development"
    STRENGTH = StatementKind.STRENGTH.value, "Strength"
    AREA = StatementKind.AREA.value, "Area for development"
    TARGET = "target", "Target for the coming year"


# The lists that belong to an element: a statement for them may name its element.
ELEMENT_KINDS = frozenset(kind.value for kind in FINDING_KINDS)
# The lists the library itself inserts into without a script (the core's editing.statement_add);
# a target is inserted by the targets page's own form, filled in with the statement's text.
LETTER_KINDS = frozenset(kind.value for kind in StatementKind)
