"""Dates in two British styles: the letters' own, with ordinals ("3rd August 2010", "14th–15th July
2010", as IQM's letters have always had them), and the app's pages' and messages' ("3 August
2010", "14–15 July 2010"; DATE_FORMAT "j F Y" in iqm/formats for templates)."""

import datetime

from django.conf import settings


def ordinal(day: int) -> str:
    """1 → "1st", 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd"."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def british_date(day: datetime.date | None) -> str:
    """ "3rd August 2010"; "" for no date."""
    if day is None:
        return ""
    return f"{ordinal(day.day)} {day:%B} {day.year}"


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """A visit's dates: "14th July 2010", "14th–15th July 2010", "30th June–1st July 2010" or
    "31st December 2010–1st January 2011"."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return british_date(start or end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{ordinal(start.day)}–{ordinal(end.day)} {end:%B} {end.year}"
    if start.year == end.year:
        return f"{ordinal(start.day)} {start:%B}–{ordinal(end.day)} {end:%B} {end.year}"
    return f"{british_date(start)}–{british_date(end)}"


def plain_date(day: datetime.date | None) -> str:
    """ "3 August 2010", the pages' style; "" for no date."""
    if day is None:
        return ""
    return f"{day.day} {day:%B} {day.year}"


def plain_date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """A visit's dates in the pages' style: "14 July 2010", "14–15 July 2010", "30 June–1 July
    2010" or "31 December 2010–1 January 2011"."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return plain_date(start or end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start:%B}–{end.day} {end:%B} {end.year}"
    return f"{plain_date(start)}–{plain_date(end)}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The day `days` working days (Mon–Fri) after `day` (before it if negative); `day` itself
    for none. Worked out by arithmetic, not a day at a time (the Overdue list asks it often)."""
    if days == 0:
        return day
    weekday = day.weekday()
    weeks, rest = divmod(abs(days), 5)
    if days > 0:
        # From a Saturday or Sunday, as from the Friday before: the next working day is Monday.
        if weekday > 4:
            day, weekday = day - datetime.timedelta(days=weekday - 4), 4
        # Past Friday: over the weekend.
        return day + datetime.timedelta(days=7 * weeks + rest + (2 if weekday + rest > 4 else 0))
    # From a Saturday or Sunday, as from the Monday after: the working day before is Friday.
    if weekday > 4:
        day, weekday = day + datetime.timedelta(days=7 - weekday), 0
    return day - datetime.timedelta(days=7 * weeks + rest + (2 if weekday - rest < 0 else 0))


def self_evaluation_days() -> int:
    """How many working days before a visit its self-evaluation is due
    (IQM_DEADLINE_SELF_EVALUATION_DAYS, 10 unless set)."""
    return getattr(settings, "IQM_DEADLINE_SELF_EVALUATION_DAYS", 10)


def self_evaluation_due(assessment) -> datetime.date | None:
    """The day the school's self-evaluation is due: working days before the visit starts."""
    return self_evaluation_due_before(assessment.visit_start)


def self_evaluation_due_before(visit_start: datetime.date | None) -> datetime.date | None:
    """self_evaluation_due of a visit that starts on `visit_start` (None for no date)."""
    if visit_start is None:
        return None
    return add_working_days(visit_start, -self_evaluation_days())
