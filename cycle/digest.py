"""The weekly digests, as one selector each that feeds both the email and the page in the app:
for a director, what is overdue by stage, the renewals coming, the reports waiting for them and
the schools a reminder found no one to email; for an assessor, what they owe. A fixed number of
queries, whatever the number of schools."""

import datetime

from django.db.models import Q

from assessments.dates import add_months
from assessments.models import LONG_TEXT, Assessment, Status
from cycle.models import Reminder
from cycle.occasions import report_due_on
from desk.overdue import overdue_by_stage
from factcheck.home import unanswered_comments
from schools.models import School

# The most rows of each list a digest shows (each says how many there are in all).
DIGEST_LIMIT = 20
RENEWAL_MONTHS = 6
UNREACHED_DAYS = 28


def director_digest(today: datetime.date) -> dict:
    """The director's week: overdue by stage, renewals coming in the next six months, reports
    submitted and waiting for confirmation, and the schools with no one to email. Eleven queries."""
    renewals = School.objects.filter(
        award_expires_on__gte=today, award_expires_on__lte=add_months(today, RENEWAL_MONTHS)
    )
    waiting = Assessment.objects.filter(status=Status.SUBMITTED)
    unreached = Reminder.objects.filter(
        recipient__isnull=True, occasion__gte=today - datetime.timedelta(days=UNREACHED_DAYS)
    )
    return {
        "today": today,
        "overdue": overdue_by_stage(today, DIGEST_LIMIT),
        "renewals": list(
            renewals.select_related("newest_award__kind__award_level")
            .only("name", "award_expires_on", "newest_award__kind__award_level__name")
            .order_by("award_expires_on", "pk")[:DIGEST_LIMIT]
        ),
        "renewals_total": renewals.count(),
        "waiting": list(
            waiting.select_related("school", "kind", "lead_assessor")
            .defer(*LONG_TEXT)
            .order_by("submitted_at", "pk")[:DIGEST_LIMIT]
        ),
        "waiting_total": waiting.count(),
        "unreached": list(unreached.select_related("school").order_by("-occasion", "pk")[:DIGEST_LIMIT]),
        "unreached_total": unreached.count(),
    }


def assessor_digest(assessor_ids: list[int], today: datetime.date) -> dict[int, dict]:
    """What each assessor owes, by assessor id: the reports they lead or assist on still to
    write or revise (returned first, then by due date, overdue marked) and the school's
    comments on their drafts waiting for an answer. Three queries for any number of assessors."""
    visits = list(
        Assessment.objects.filter(status__in=(Status.DRAFT, Status.RETURNED))
        .filter(Q(lead_assessor_id__in=assessor_ids) | Q(co_assessors__in=assessor_ids))
        .distinct()
        .select_related("school", "kind")
        .defer(*LONG_TEXT)
        .order_by("visit_start", "pk")
    )
    through = Assessment.co_assessors.through.objects.filter(
        assessment_id__in=[v.pk for v in visits], user_id__in=assessor_ids
    ).values_list("assessment_id", "user_id")
    team: dict[int, set[int]] = {v.pk: {v.lead_assessor_id} for v in visits}
    for assessment_id, user_id in through:
        team[assessment_id].add(user_id)
    comments = unanswered_comments([v.pk for v in visits])
    owed: dict[int, dict] = {pk: {"today": today, "reports": [], "comments": 0} for pk in assessor_ids}
    for visit in visits:
        last_day = visit.visit_end or visit.visit_start
        due = report_due_on(last_day) if last_day else None
        row = {
            "assessment": visit,
            "due": due,
            "overdue": due is not None and due < today,
            "returned": visit.status == Status.RETURNED,
            "comments": comments.get(visit.pk, 0),
        }
        for user_id in team[visit.pk]:
            if user_id in owed:
                owed[user_id]["reports"].append(row)
                owed[user_id]["comments"] += row["comments"]
    for digest in owed.values():
        digest["reports"].sort(key=lambda r: (not r["returned"], r["due"] or datetime.date.max))
    return owed
