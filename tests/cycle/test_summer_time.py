"""The schedule's day is the London date: runs at 00:30 and 23:30 around the change to British
Summer Time (29 March 2026) and back (25 October 2026) send each reminder on its day, once, and
skip none. At 00:30 BST the UTC date is still yesterday's, so a schedule that read UTC dates
would send a day late (or twice with the catch-up)."""

import datetime

import pytest
from django.core import mail

from assessments.kinds import VisitKind
from tests.cycle.helpers import holding, london, run_at
from tests.factories import HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def lapsed_schools() -> list[str]:
    return sorted(m.subject.split(":")[0] for m in mail.outbox if "has lapsed" in m.subject)


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2026, 3, 29),  # the clocks go forward at 01:00 GMT
        datetime.date(2026, 3, 30),  # the first whole day of summer time
        datetime.date(2026, 10, 25),  # the clocks go back at 02:00 BST
        datetime.date(2026, 10, 26),  # the first whole day of winter time
    ],
)
def test_it_sends_on_its_london_day_around_the_change_of_clocks(day):
    school = SchoolFactory(name="Lapsing School")
    HeadteacherFactory(school=school)
    holding(school, VisitKind.COE_REVIEW, day)
    before = day - DAY
    run_at(london(before.year, before.month, before.day, 23, 30))
    assert lapsed_schools() == []
    run_at(london(day.year, day.month, day.day, 0, 30))
    assert lapsed_schools() == ["Lapsing School"]
    run_at(london(day.year, day.month, day.day, 23, 30))
    assert lapsed_schools() == ["Lapsing School"]


@pytest.mark.parametrize("first", [datetime.date(2026, 3, 26), datetime.date(2026, 10, 22)])
def test_a_week_of_runs_twice_a_day_across_the_change_sends_each_once_on_its_day(first):
    days = [first + DAY * n for n in range(7)]
    for day in days:
        school = SchoolFactory(name=f"School {day.isoformat()}")
        HeadteacherFactory(school=school)
        holding(school, VisitKind.COE_REVIEW, day)
    for day in days:
        for hour, minute in ((0, 30), (23, 30)):
            run_at(london(day.year, day.month, day.day, hour, minute))
            # Exactly the schools whose day has come, each once.
            assert lapsed_schools() == [f"School {d.isoformat()}" for d in days if d <= day]
