"""The demo's cluster meetings (load_demo): three that the fictional Flagship school, Brookfield
Primary School, attended, one of them online. In our own words; loading twice adds nothing."""

import datetime

from clusters.models import Attendance, ClusterMeeting

MEETINGS = [
    # date, title, place, online
    (datetime.date(2025, 5, 14), "North West Flagship cluster", "Brookfield Primary School, Widnes", False),
    (datetime.date(2025, 11, 19), "Flagship cluster: inclusive assessment", "", True),
    (datetime.date(2026, 2, 4), "North West Flagship cluster", "Halton Learning Centre, Runcorn", False),
]


def add_meetings(school, by) -> list[ClusterMeeting]:
    """The demo meetings, each attended by the school; created once, found again after."""
    meetings = []
    for date, title, place, online in MEETINGS:
        meeting, _ = ClusterMeeting.objects.get_or_create(
            date=date, title=title, defaults={"place": place, "online": online, "created_by": by}
        )
        Attendance.objects.get_or_create(meeting=meeting, school=school)
        meetings.append(meeting)
    return meetings
