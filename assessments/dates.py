"""Dates in the British style the letters use: "3rd August 2010", "14th–15th July 2010"."""

import datetime


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
