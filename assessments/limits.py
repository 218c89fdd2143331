"""How much one assessment may hold, and which dates it may carry: defined once, here, for the
editor (assessments.editing and assessments.forms), the JSON import (assessments.interchange),
the models' validation and the admin. docs/security.md ("Probe findings: content and import")
explains them.

The limits are generous: the reference report (tests/data/heath-2010-iqm-report.txt, issued
in 2010) is far under every one of them — its longest text is 3,892 characters (the summary),
its longest list item 605, its longest list 11 items, and all its text together 29,063
characters. A letter at every limit still renders in a few seconds; without them an assessor
could store text that no PDF renderer finishes in time.
"""

import datetime

from assessments.dates import plain_date

# The longest text of one field: a summary, a context, the evidence, a recommendation or an
# element's narrative (five times the reference report's longest).
MAX_FIELD_LENGTH = 20_000

# The longest list item: a key area of success, a minor area, a strength or an area for
# development (eight times the reference report's longest).
MAX_ITEM_LENGTH = 5_000

# The most items one list holds (the reference report's longest list has 11).
MAX_LIST_ITEMS = 50

# All the text of one assessment together: its own fields, every narrative and every list item
# (about seven times the reference report).
MAX_TOTAL_LENGTH = 200_000

# The largest import document, in bytes: an assessment at every limit, written with \\u escapes,
# is well under it.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

# How deep arrays and objects nest in an import document: the format itself needs 3.
MAX_DOCUMENT_DEPTH = 20

# The most digits of a number in an import document (the largest the format holds, a number
# on roll, has 6).
MAX_NUMBER_DIGITS = 15

# Dates: a visit, a letter or a confirmation between the start of 2000 and ten years from
# today. (IQM awards began in 2004; a date far ahead is a typing mistake, and a year past 9996
# cannot even have its award's end date computed.)
EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last date accepted: ten years from today (28 February for 29 February)."""
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_problem(day: datetime.date | None) -> str:
    """Why the date is not accepted, as a sentence; "" when it is (or there is none)."""
    if day is None:
        return ""
    latest = latest_date()
    if EARLIEST_DATE <= day <= latest:
        return ""
    return (
        f"Give a date between {plain_date(EARLIEST_DATE)} and {plain_date(latest)}; "
        f"{plain_date(day)} is outside that range."
    )


def check_date(day: datetime.date | None) -> None:
    """A validator for form and model fields: ValidationError for a date outside the range."""
    from django.core.exceptions import ValidationError

    problem = date_problem(day)
    if problem:
        raise ValidationError(problem, code="date_range")


def length_problem(text: str, limit: int, name: str = "This text") -> str:
    """Why the text is too long, as a sentence; "" when it is not."""
    if len(text) <= limit:
        return ""
    return (
        f"{name} is {len(text):,} characters long; the most allowed is {limit:,}. "
        "Shorten it or split it, then save again. Nothing was saved."
    )
