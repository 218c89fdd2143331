"""The demo draft's self-evaluation (load_demo): The Heath School's own evaluation of each
element, in our own words, with a document and a link as evidence, submitted by its inclusion
lead so the assessor sees it beside each element."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments.dates import self_evaluation_due
from assessments.models import Assessment, Event
from selfeval import access, services
from selfeval.models import Evidence, SelfEvaluation

TEXTS = {
    1: "Inclusion is written into our aims and our improvement plan, and governors review it each term. "
    "Staff, pupils and parents helped to write our inclusion statement in 2025.\n\n"
    "We know we must still make the statement part of everyday language in every department.",
    2: "The inclusion lead sits on the senior leadership team and reports to governors each term. "
    "Every leader's objectives include one for a group of vulnerable pupils.",
    3: "Option blocks are built around pupils' choices, and alternative pathways run in Years 10 and 11. "
    "Departments adapt schemes of work for pupils with SEND, checked in learning walks.",
    4: "Lessons are planned with the needs of named pupils in mind; teaching assistants join planning "
    "meetings. Our review of classroom environments in the autumn term found good practice in most rooms.",
    5: "Progress of every group is tracked each half term and discussed at pupil progress meetings. "
    "The gap for disadvantaged pupils narrowed again last year.",
    6: "Attendance is above the national average and persistent absence has fallen for three years. "
    "Our mentoring programme supports pupils at risk of exclusion.",
    7: "Parents' evenings, a termly newsletter and the SEND coffee mornings keep families involved. "
    "The parents' survey shows most parents feel listened to.",
    8: "Pupils volunteer in local primary schools and care homes, and our partner school in Ghana "
    "links with three departments.",
}

LINKS = {
    1: ("https://www.example.org/the-heath/inclusion-statement", "Our inclusion statement (school website)"),
    7: ("https://www.example.org/the-heath/parents-survey-2026", "Parents' survey results 2026"),
}

# Rendered by WeasyPrint when the demo loads: a real, small PDF, so the download opens.
ATTENDANCE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Attendance summary 2025–26</title></head><body style="font-family: sans-serif">
<h1>The Heath School: attendance summary 2025–26</h1>
<p>Whole school attendance: 95.1%. Persistent absence: 9.8%, down from 12.4% in 2023–24.</p>
<p>Pupils with SEND: attendance 93.0%. Disadvantaged pupils: 92.6%.</p>
<p>Demo data for IQM Assessments.</p></body></html>"""


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=ATTENDANCE_HTML).write_pdf()


def add_self_evaluation(assessment: Assessment, *, by) -> SelfEvaluation | None:
    """Write and submit the draft's self-evaluation as `by`, a member of the school's staff,
    once: a second load, or a visit that no longer takes one, leaves it as it is."""
    existing = SelfEvaluation.objects.filter(assessment=assessment).first()
    if (existing is not None and existing.is_submitted) or not access.takes_self_evaluation(assessment):
        return existing
    with transaction.atomic():
        self_evaluation = services.self_evaluation_for(assessment, by=by)
        rows = {row.element.number: row for row in self_evaluation.elements.select_related("element")}
        for number, text in TEXTS.items():
            row = rows.get(number)
            if row is None:
                continue
            if not row.text:
                row = services.save_element_text(
                    element_evaluation_id=row.pk, text=text, version=row.version, by=by
                )
            if Evidence.objects.filter(element_evaluation=row).exists():
                continue
            if number in LINKS:
                url, title = LINKS[number]
                services.add_link(element_evaluation_id=row.pk, url=url, title=title, by=by)
            if number == 6:
                services.add_file(
                    element_evaluation_id=row.pk,
                    name="attendance-summary-2025-26.pdf",
                    data=_pdf(),
                    title="Attendance summary 2025–26",
                    by=by,
                )
        submitted = services.submit(self_evaluation_id=self_evaluation.pk, by=by, notify=False)
        # Handed in when it was due, before the visit, as a school would.
        due = self_evaluation_due(assessment)
        if due is not None:
            at = timezone.make_aware(datetime.datetime.combine(due, datetime.time(16, 30)))
            SelfEvaluation.objects.filter(pk=submitted.pk).update(submitted_at=at)
            Event.objects.filter(assessment=assessment, action=Event.Action.SELF_EVALUATION_SUBMITTED).update(
                at=at
            )
            submitted.refresh_from_db()
        return submitted


# A third, fictional school whose self-evaluation is overdue, so the award cycle's schedule
# chases it (cycle: "manage.py run_schedule --date 2026-12-02"). Its headteacher is emailed but
# has no demo login.
OVERDUE_SCHOOL = {
    "name": "Meadowbank Primary School",
    "postcode": "WA7 9ZZ",
    "addressed_name": "Meadowbank Primary School",
    "address_lines": "Meadow Lane",
    "town": "Runcorn",
    "county": "Cheshire",
    "local_authority": "Halton",
    "headteacher_title": "Mr",
    "headteacher_name": "Daniel Okafor",
}
# Tuesday 15 December 2026: the self-evaluation is due ten working days before, 1 December.
OVERDUE_VISIT = (datetime.date(2026, 12, 15), datetime.date(2026, 12, 16))


def add_overdue_self_evaluation(*, lead) -> Assessment:
    """Meadowbank Primary School, its headteacher (no password: email only) and a draft IQM
    assessment on 15–16 December 2026 whose self-evaluation has not been started. Once: a
    second load finds them."""
    from accounts.models import Role, User
    from assessments.kinds import VisitKind, kind_for
    from assessments.models import Framework
    from schools.models import School

    fields = {k: v for k, v in OVERDUE_SCHOOL.items() if k not in ("name", "postcode")}
    school, _ = School.objects.get_or_create(
        name=OVERDUE_SCHOOL["name"], postcode=OVERDUE_SCHOOL["postcode"], defaults=fields
    )
    head, created = User.objects.get_or_create(
        username="meadowbank-head",
        defaults={
            "first_name": "Daniel",
            "last_name": "Okafor",
            "email": "daniel.okafor@meadowbank.example",
            "role": Role.HEADTEACHER,
            "school": school,
            "job_title": "Headteacher",
        },
    )
    if created:
        head.set_unusable_password()
        head.save(update_fields=["password"])
    start, end = OVERDUE_VISIT
    existing = Assessment.objects.filter(school=school, visit_start=start).first()
    if existing is not None:
        return existing
    return Assessment.objects.create(
        school=school,
        framework=Framework.objects.filter(is_current=True).order_by("-pk").first(),
        kind=kind_for(VisitKind.ASSESSMENT),
        visit_start=start,
        visit_end=end,
        lead_assessor=lead,
    )
