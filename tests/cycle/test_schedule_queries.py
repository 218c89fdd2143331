"""Finding what is due reads a fixed number of queries however many schools have something due:
one a kind of reminder, then what was sent, the schools' people and their choices."""

import datetime

import pytest
import time_machine

from assessments.kinds import VisitKind
from clusters.models import ClusterMeeting
from cycle.services import run_schedule
from factcheck.models import FactualCheck
from tests.cycle.helpers import holding, london, visit
from tests.factories import DirectorFactory, HeadteacherFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def schools_with_everything_due(size: int, lead) -> None:
    director = DirectorFactory()
    ClusterMeeting.objects.create(date=datetime.date(2026, 2, 1), online=True)
    for _ in range(size):
        for kind, expires in (
            (VisitKind.COE_REVIEW, datetime.date(2026, 12, 1)),  # lapsed on 1 December
            (VisitKind.REASSESSMENT, datetime.date(2027, 1, 1)),  # a month to go on 1 December
            (VisitKind.COE_REVIEW, datetime.date(2027, 2, 1)),  # annual update on 1 December
            (VisitKind.FLAGSHIP_REVIEW, datetime.date(2027, 3, 1)),  # short of cluster meetings
        ):
            school = SchoolFactory()
            HeadteacherFactory(school=school)
            holding(school, kind, expires)
        school = SchoolFactory()
        HeadteacherFactory(school=school)
        visit(school, datetime.date(2026, 12, 14), lead_assessor=lead)  # self-evaluation due 30 November
        checked = visit(
            SchoolFactory(), datetime.date(2026, 11, 2), datetime.date(2026, 11, 16), lead_assessor=lead
        )
        FactualCheck.objects.create(
            assessment=checked,
            sent_at=london(2026, 11, 20),
            sent_by=director,
            deadline=datetime.date(2026, 11, 30),
        )


@pytest.mark.parametrize("size", [1, 5])
def test_finding_what_is_due_reads_the_same_queries_at_any_size(
    size, lead, settings, django_assert_num_queries
):
    # 1 December is a Tuesday: the cluster meetings' day too.
    settings.IQM_CLUSTER_REMINDER_MONTH_DAY = "12-01"
    schools_with_everything_due(size, lead)
    with time_machine.travel(london(2026, 12, 1, 6), tick=False), django_assert_num_queries(11):
        outcome = run_schedule(dry_run=True)
    kinds = {item.occasion.kind for item in outcome.planned}
    assert {
        "award_lapsed",
        "award_expiry",
        "annual_update",
        "cluster_meetings",
        "self_evaluation_overdue",
        "check_closed",
        "report_overdue",
        "digest_director",
    } <= kinds
    assert sum(1 for item in outcome.planned if item.occasion.kind == "award_lapsed") == size
