"""Writes about cluster meetings, and the reads the pages share.

Only directors record meetings and who attended them. Every write checks its input here, not
only in the forms: a refused write raises ClusterError with a message for the user, and changes
nothing.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from assessments import limits
from clusters.models import MAX_NOTES_LENGTH, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH, Attendance, ClusterMeeting
from schools.models import School


class ClusterError(Exception):
    """A write about a cluster meeting that was refused; the message says why, for the user.
    `field` names the form field it is about, if one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require_director(by) -> None:
    if not (by is not None and by.is_authenticated and by.is_director):
        raise ClusterError("Only a director can record cluster meetings and who attended them.")


def _details(*, date, place, online, title, notes) -> dict:
    """The meeting's fields, checked and tidied; ClusterError for the first problem."""
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise ClusterError("Give the date of the meeting.", "date")
    problem = limits.date_problem(date)
    if problem:
        raise ClusterError(problem, "date")
    place, title, notes = ((value or "").strip() for value in (place, title, notes))
    online = bool(online)
    for value, limit, name, field in (
        (place, MAX_PLACE_LENGTH, "The place", "place"),
        (title, MAX_TITLE_LENGTH, "The title", "title"),
        (notes, MAX_NOTES_LENGTH, "The text of the notes", "notes"),
    ):
        if "\x00" in value:
            raise ClusterError(f"{name} holds a character that cannot be stored. Nothing was saved.", field)
        problem = limits.length_problem(value, limit, name)
        if problem:
            raise ClusterError(problem, field)
    if not place and not online:
        raise ClusterError("Give the place of the meeting, or say that it takes place online.", "place")
    return {"date": date, "place": place, "online": online, "title": title, "notes": notes}


def _schools(schools: Iterable) -> list[School]:
    """The schools, given as School rows or ids; ClusterError naming any that does not exist."""
    ids = []
    for school in schools:
        pk = school.pk if isinstance(school, School) else school
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise ClusterError(f"There is no school {pk!r}.", "schools") from None
        ids.append(pk)
    found = School.objects.in_bulk(set(ids))
    missing = sorted(set(ids) - set(found))
    if missing:
        raise ClusterError(
            f"There is no school with the id {', '.join(str(pk) for pk in missing)}; nothing was saved.",
            "schools",
        )
    return sorted(found.values(), key=lambda school: (school.name, school.postcode))


def _locked(meeting: ClusterMeeting) -> ClusterMeeting:
    """The meeting's row, locked until the transaction ends; ClusterError if it is gone."""
    found = ClusterMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if found is None:
        raise ClusterError("This meeting has been deleted meanwhile; nothing was saved.")
    return found


@transaction.atomic
def meeting_create(
    *, by, date, place: str = "", online: bool = False, title: str = "", notes: str = "", schools=None
) -> ClusterMeeting:
    """Record a cluster meeting, and, if `schools` is given, the schools that attended it."""
    _require_director(by)
    details = _details(date=date, place=place, online=online, title=title, notes=notes)
    attending = _schools(schools) if schools is not None else None
    meeting = ClusterMeeting(**details, created_by=by)
    meeting.full_clean()
    meeting.save()
    if attending:
        _replace_attendance(meeting, attending)
    return meeting


@transaction.atomic
def meeting_edit(
    *, meeting: ClusterMeeting, by, date, place: str = "", online: bool = False, title: str = "",
    notes: str = "", schools=None,
) -> ClusterMeeting:  # fmt: skip
    """Change a meeting's details, and, if `schools` is given, replace the schools that attended."""
    _require_director(by)
    details = _details(date=date, place=place, online=online, title=title, notes=notes)
    attending = _schools(schools) if schools is not None else None
    meeting = _locked(meeting)
    for name, value in details.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if attending is not None:
        _replace_attendance(meeting, attending)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: ClusterMeeting, by) -> None:
    """Delete a meeting and the record of who attended it."""
    _require_director(by)
    for attendance in Attendance.objects.filter(meeting=meeting):
        attendance.delete()  # one by one, so that the history records each
    meeting.delete()


@transaction.atomic
def attendance_set(*, meeting: ClusterMeeting, schools: Iterable, by) -> list[School]:
    """Make `schools` (School rows or ids) the schools that attended the meeting: those not in
    it are taken off, the others added. Returns the attending schools by name."""
    _require_director(by)
    attending = _schools(schools)
    meeting = _locked(meeting)
    _replace_attendance(meeting, attending)
    return attending


def _replace_attendance(meeting: ClusterMeeting, attending: list[School]) -> None:
    wanted = {school.pk for school in attending}
    current = {a.school_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for school_id, attendance in current.items():
        if school_id not in wanted:
            attendance.delete()  # one by one, so that the history records each
    for school in attending:
        if school.pk not in current:
            Attendance.objects.create(meeting=meeting, school=school)


# Reads -----------------------------------------------------------------------------------------


def year_of(day: datetime.date) -> int:
    """The year a meeting counts in: the calendar year (the project keeps no school-year helper)."""
    return day.year


def attendance_by_year(school) -> list[tuple[int, list[ClusterMeeting]]]:
    """The meetings the school attended, grouped by year: [(2025, [meetings]), (2024, …)], the
    newest year first and each year's meetings in date order. One query."""
    meetings = ClusterMeeting.objects.filter(attendances__school=school).order_by("date", "pk")
    years: dict[int, list[ClusterMeeting]] = {}
    for meeting in meetings:
        years.setdefault(year_of(meeting.date), []).append(meeting)
    return sorted(years.items(), key=lambda pair: pair[0], reverse=True)
