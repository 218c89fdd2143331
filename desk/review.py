"""The director's pages: the whole of each list behind the home page, scheduling a visit and
assigning its assessors, reviewing a submitted assessment (return or confirm), reopening a
confirmed one as a new revision, and an assessment's history. URLs in
assessments/urls_review.py.

Everything here is for directors only; anyone else gets 404, as for an object they may not
see. The rules live in assessments.services and the lists' queries in desk.selectors;
these views read a form, call a service and redirect.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from assessments import award_rules, services
from assessments.access import assessment_for_director
from assessments.completeness import missing_parts
from assessments.history import timeline
from assessments.kinds import AwardLevel, VisitKind
from assessments.models import Assessment
from clusters.services import attendance_by_year
from desk.forms import ConfirmForm, ReopenForm, ReturnForm, ScheduleForm, TeamForm
from desk.selectors import LISTS, HomeTable
from factcheck.review_panel import review_context
from reading.panels import review_context as reading_context
from reports import letter
from reports.models import IssuedReport
from schools.models import School

PAGE_SIZE = 25


# The whole of one of the director's lists ------------------------------------------------------


@director_required
@require_safe
def review_list(request: HttpRequest, section: str) -> HttpResponse:
    """The whole of one list from the director's home page, paginated."""
    kind = LISTS.get(section)
    if kind is None:
        raise Http404("No such list.")
    # Paginated (and counted) without the rows' joins; the page's rows read as value tuples.
    page = Paginator(kind.listed(timezone.localdate()), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = kind.shown(kind.values(page.object_list))
    return render(
        request,
        "assessments/review/list.html",
        {
            "section": HomeTable(section, kind.title, kind.empty, rows, page.paginator.count),
            "page": page,
        },
    )


# Scheduling a visit and assigning assessors --------------------------------------------------


def _flagship_notes(form, school: School | None) -> dict | None:
    """For a Flagship visit to a known school: the kind's award prerequisite, whether the school
    meets it on the visit's first day (or today), and the cluster meetings the school attended,
    by year. Information beside the form; the scheduling service alone applies the rule."""
    data = getattr(form, "cleaned_data", None)
    if data is not None:
        school, kind, on = data.get("school"), data.get("kind"), data.get("visit_start")
    else:
        code = form.initial.get("kind")
        kind = VisitKind.objects.select_related("award_level").filter(code=code).first() if code else None
        on = None
    if school is None or kind is None or kind.award_level.code != AwardLevel.FLAGSHIP:
        return None
    return {
        "kind": kind,
        "prerequisite": award_rules.prerequisite(kind),
        "problems": award_rules.schedule_problems(school=school, kind=kind, on=on or timezone.localdate()),
        "school": school,
        "cluster_years": attendance_by_year(school),
    }


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
                    report_structure=data["report_structure"],
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
    return render(
        request,
        "assessments/review/schedule.html",
        {"form": form, "school": school, "flagship": _flagship_notes(form, school)},
    )


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
    letter_body = _letter_body(assessment)
    context = {
        "assessment": assessment,
        "letter_body": letter_body,
        "co_assessors": list(assessment.co_assessors.all()),
        "revisions": revisions,
        "issued": next((r.issued for r in revisions if r.pk == assessment.pk), None),
        "missing": missing_parts(assessment) if assessment.is_editable else [],
        "return_form": return_form or ReturnForm(initial={"version": assessment.version}),
        "confirm_form": ConfirmForm(initial={"version": assessment.version}),
        "reopen_form": reopen_form or ReopenForm(),
        # The factual check's comments and answers, and what changed in the letter since the
        # school was sent the draft, read from the letter shown below.
        **review_context(assessment, letter_html=letter_body),
        # The second reading: its state, outcome and comments, and the director's actions.
        **reading_context(assessment),
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
