"""The director's pages: the lists behind the home page, scheduling a visit and assigning its
assessors, reviewing a submitted assessment (return or confirm), reopening a confirmed one as
a new revision, and an assessment's history. URLs in assessments/urls_review.py.

Everything here is for directors only; anyone else gets 404, as for an object they may not
see. The rules live in assessments.services; these views read a form, call a service and
redirect.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from assessments import award_rules, services
from assessments.access import assessment_for_director
from assessments.awards import EXPIRY_WINDOW_MONTHS
from assessments.completeness import missing_parts
from assessments.dates import add_months
from assessments.history import timeline
from assessments.models import Assessment, Status
from assessments.review_forms import ConfirmForm, ReopenForm, ReturnForm, ScheduleForm, TeamForm
from reports import letter
from reports.models import IssuedReport
from schools.models import School

HOME_LIMIT = 10
PAGE_SIZE = 25


# Selectors: the lists on the director's home page and behind its "see all" links -------------

# What a row of the lists shows (review/_section_table.html): only these columns are read.
_LIST_COLUMNS = (
    "school__name",
    "school__addressed_name",
    "kind__name",
    "status",
    "revision",
    "visit_start",
    "visit_end",
    "submitted_at",
    "lead_assessor__first_name",
    "lead_assessor__last_name",
    "lead_assessor__username",
)


def _listed(assessments: QuerySet) -> QuerySet:
    """Assessments as the lists show them: with their school and lead assessor, and only the
    columns a row shows."""
    return assessments.select_related("school", "lead_assessor", "kind").only(*_LIST_COLUMNS)


def waiting_for_review() -> QuerySet:
    """Submitted assessments, the longest waiting first."""
    return _listed(Assessment.objects.filter(status=Status.SUBMITTED)).order_by("submitted_at", "pk")


def visits_coming_up(today: datetime.date) -> QuerySet:
    """Drafts whose visit is today or later, the soonest first."""
    open_visits = Assessment.objects.filter(
        status__in=[Status.DRAFT, Status.RETURNED], visit_start__gte=today
    )
    return _listed(open_visits).order_by("visit_start", "pk")


def in_draft(today: datetime.date) -> QuerySet:
    """Drafts and returned assessments being written up: the visit has started or has no date."""
    being_written = Assessment.objects.filter(status__in=[Status.DRAFT, Status.RETURNED]).filter(
        Q(visit_start__lt=today) | Q(visit_start__isnull=True)
    )
    return _listed(being_written).order_by("-status", "visit_start", "pk")


def awards_expiring(today: datetime.date, *, months: int = EXPIRY_WINDOW_MONTHS) -> QuerySet:
    """Schools whose newest award runs out between today and `months` from now, the soonest
    first, each with its award (`newest_award`). mark_scheduled says which have a visit in hand.

    An award a newer one has replaced, or a confirmed revision has corrected, is not the
    school's newest, so it is not listed. A range of school_award_expiry_idx, however many
    schools there are (see assessments.awards on how the school's newest award is kept)."""
    return (
        School.objects.filter(award_expires_on__gte=today, award_expires_on__lte=add_months(today, months))
        .select_related("newest_award__kind__award_level")
        .only(
            "name",
            "addressed_name",
            "award_expires_on",
            *(
                f"newest_award__{name}"
                for name in ("kind__name", "kind__award_level__renewal", "letter_date", "confirmed_at")
            ),
        )
        .order_by("award_expires_on", "pk")
    )


def mark_scheduled(schools: list[School]) -> list[School]:
    """Set `scheduled` on each school: whether it has a visit in hand (an assessment in draft,
    submitted or returned). One query for the page of schools shown."""
    open_visits = set(
        Assessment.objects.filter(
            school__in=schools, status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
        )
        .order_by()
        .values_list("school_id", flat=True)
    )
    for school in schools:
        school.scheduled = school.pk in open_visits
    return schools


@dataclasses.dataclass
class Section:
    """One list on the director's home page: the first few rows and how many there are."""

    key: str
    title: str
    empty: str
    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


@dataclasses.dataclass(frozen=True)
class ListKind:
    """One of the director's lists: its heading, what it says when empty, its rows (a queryset
    for a day) and what is added to the rows shown (one query for the page, not one a row)."""

    title: str
    empty: str
    rows: Callable[[datetime.date], QuerySet]
    shown: Callable[[list], list] = list


LISTS = {
    "waiting": ListKind(
        "Waiting for your review", "No assessment is waiting for review.", lambda today: waiting_for_review()
    ),
    "coming": ListKind("Visits coming up", "No visit is scheduled from today on.", visits_coming_up),
    "drafts": ListKind("In draft", "No assessment is being written up.", in_draft),
    "expiring": ListKind(
        f"Awards expiring within {EXPIRY_WINDOW_MONTHS} months",
        f"No award runs out in the next {EXPIRY_WINDOW_MONTHS} months.",
        awards_expiring,
        lambda schools: mark_scheduled(list(schools)),
    ),
}


def home_sections(today: datetime.date, *, limit: int = HOME_LIMIT) -> list[Section]:
    """The four lists of the director's home page, each cut to `limit` rows. Nine queries."""
    sections = []
    for key, kind in LISTS.items():
        rows = kind.rows(today)
        sections.append(Section(key, kind.title, kind.empty, kind.shown(rows[:limit]), rows.count()))
    return sections


@director_required
@require_safe
def review_list(request: HttpRequest, section: str) -> HttpResponse:
    """The whole of one list from the director's home page, paginated."""
    kind = LISTS.get(section)
    if kind is None:
        raise Http404("No such list.")
    page = Paginator(kind.rows(timezone.localdate()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/review/list.html",
        {
            "section": Section(section, kind.title, kind.empty, kind.shown(page), page.paginator.count),
            "page": page,
        },
    )


# Scheduling a visit and assigning assessors --------------------------------------------------


def _team_error(form, error: services.WorkflowError) -> None:
    form.add_error(None, str(error))


@director_required
@require_http_methods(["GET", "POST"])
def visit_schedule(request: HttpRequest) -> HttpResponse:
    """Schedule a visit: a new draft assessment for a school, with its assessors, who are
    emailed. `?school=<id>` chooses the school in advance."""
    school = None
    school_id = request.GET.get("school", "")
    if school_id.isdigit():
        school = School.objects.filter(pk=school_id).first()
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.assessment_schedule(
                    school=data["school"],
                    framework=data["framework"],
                    kind=data["kind"],
                    visit_start=data["visit_start"],
                    visit_end=data["visit_end"],
                    lead_assessor=data["lead_assessor"],
                    co_assessors=data["co_assessors"],
                    remote=data["remote"],
                    override_reason=data["override_reason"],
                    by=request.user,
                )
            except services.AwardRuleError as error:
                form.add_error("override_reason", str(error))
            except services.WorkflowError as error:
                _team_error(form, error)
            else:
                messages.success(request, "Visit scheduled. The assessors have been emailed.")
                return redirect("review_assessment", pk=assessment.pk)
    else:
        initial = {}
        if school is not None:
            initial["school"] = school.pk
            initial["kind"] = award_rules.suggested_kind(school)
        form = ScheduleForm(initial=initial)
    return render(request, "assessments/review/schedule.html", {"form": form, "school": school})


@director_required
@require_http_methods(["GET", "POST"])
def review_assessors(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the lead assessor and co-assessors of an assessment not yet confirmed."""
    assessment = assessment_for_director(request.user, pk)
    if assessment.is_confirmed:
        messages.error(request, "A confirmed assessment's assessors cannot change; reopen it to correct it.")
        return redirect("review_assessment", pk=assessment.pk)
    if request.method == "POST":
        form = TeamForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_assign(
                    assessment=assessment,
                    lead_assessor=form.cleaned_data["lead_assessor"],
                    co_assessors=form.cleaned_data["co_assessors"],
                    by=request.user,
                )
            except services.WorkflowError as error:
                _team_error(form, error)
            else:
                messages.success(request, "The assessors are saved; anyone newly assigned has been emailed.")
                return redirect("review_assessment", pk=assessment.pk)
    else:
        form = TeamForm(
            initial={
                "lead_assessor": assessment.lead_assessor_id,
                "co_assessors": assessment.co_assessors.all(),
            }
        )
    return render(request, "assessments/review/assessors.html", {"assessment": assessment, "form": form})


# The review page and its decisions -----------------------------------------------------------


def _letter_body(assessment: Assessment) -> str:
    """The letter as the PDF prints it (reports/_letter_body.html), its sections <h3> and their
    parts <h4> under the page's "The letter" <h2>; a draft shows what it still lacks."""
    context = letter.gather_context(assessment, draft=not assessment.is_confirmed)
    context.update(section_level=3, subsection_level=4)
    return render_to_string("reports/_letter_body.html", context)


def _revisions(assessment: Assessment) -> list[Assessment]:
    """Every revision of the assessment's report, the first first, each with `issued` set to
    its issued report or None. (A query per revision: there are only ever a few.)"""
    first = assessment
    while first.revision_of_id:
        first = Assessment.objects.get(pk=first.revision_of_id)
    chain = [first]
    while (following := Assessment.objects.filter(revision_of=chain[-1]).first()) is not None:
        chain.append(following)
    reports = {r.assessment_id: r for r in IssuedReport.objects.filter(assessment__in=chain)}
    for revision in chain:
        revision.issued = reports.get(revision.pk)
    return chain


@director_required
@require_safe
def review_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment as the director reviews it: its whole letter, its state, and the decisions
    open now — return or confirm a submitted one, reopen a confirmed one."""
    assessment = assessment_for_director(request.user, pk)
    return _review_page(request, assessment)


def _review_page(request, assessment: Assessment, *, return_form=None, reopen_form=None, status=200):
    revisions = _revisions(assessment)
    context = {
        "assessment": assessment,
        "letter_body": _letter_body(assessment),
        "co_assessors": list(assessment.co_assessors.all()),
        "revisions": revisions,
        "issued": next((r.issued for r in revisions if r.pk == assessment.pk), None),
        "missing": missing_parts(assessment) if assessment.is_editable else [],
        "return_form": return_form or ReturnForm(initial={"version": assessment.version}),
        "confirm_form": ConfirmForm(initial={"version": assessment.version}),
        "reopen_form": reopen_form or ReopenForm(),
    }
    return render(request, "assessments/review/assessment.html", context, status=status)


@director_required
@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a submitted assessment to its assessors with a comment."""
    assessment = assessment_for_director(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_return(
                assessment=assessment,
                by=request.user,
                comment=form.cleaned_data["comment"],
                seen_version=form.cleaned_data["version"],
            )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Returned to the assessors with your comment; they have been emailed.")
            return redirect("review_assessment", pk=assessment.pk)
    return _review_page(request, assessment, return_form=form, status=400)


@director_required
@require_POST
def review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a submitted assessment: issue its report to the school."""
    assessment = assessment_for_director(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The confirmation did not say which version you read; please try again.")
        return redirect("review_assessment", pk=assessment.pk)
    try:
        services.assessment_confirm(
            assessment=assessment, by=request.user, seen_version=form.cleaned_data["version"]
        )
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        if assessment.school.headteachers.filter(is_active=True).exists():
            messages.success(request, "Confirmed. The report is issued and the headteacher has been emailed.")
        else:
            messages.success(
                request,
                "Confirmed. The report is issued, but no one at the school can sign in to download it "
                "yet: give the headteacher a login from the school's page.",
            )
    return redirect("review_assessment", pk=assessment.pk)


@director_required
@require_POST
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a confirmed assessment as a new draft revision, to correct it."""
    assessment = assessment_for_director(request.user, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            revision = services.assessment_reopen(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Revision {revision.revision} is open as a draft for the assessors; "
                "the issued report stays as it is until the correction is confirmed.",
            )
            return redirect("review_assessment", pk=revision.pk)
    return _review_page(request, assessment, reopen_form=form, status=400)


@director_required
@require_safe
def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything that happened to the assessment, newest first: who, when, what changed."""
    assessment = assessment_for_director(request.user, pk)
    page = Paginator(timeline(assessment), 50).get_page(request.GET.get("page"))
    return render(request, "assessments/review/history.html", {"assessment": assessment, "page": page})
