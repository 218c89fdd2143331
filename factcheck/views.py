"""The pages of the evidence log and the factual-accuracy check.

- The evidence log (/assessments/<pk>/evidence-log/): the visit's assessors add and delete the
  meetings and documents while the assessment is a draft or returned; directors read it.
- The director sends a submitted assessment's draft to the school (/review/<pk>/check/send/);
  the review page shows the check (factcheck.review_panel.review_context).
- The school (/school/checks/<pk>/): its headteacher and school users read the draft letter and
  its PDF, both marked DRAFT, comment on a part of the letter (with the form after that part, or
  the one after the letter that lists every part in the letter's order), or say nothing needs
  correcting.
  Everyone else gets 404, and so does the school until the draft is sent.
- The assessors (/assessments/<pk>/check/): the school's comments, each linked to the editor's
  page of its part, where the lead corrects the letter while the check is open; the lead
  answers each.

Every rule is factcheck.services'; a refused step is a message and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import director_required
from assessments.access import assessment_for_director, assessment_for_editor, assessment_for_team
from assessments.models import Assessment
from factcheck import access, services
from factcheck.forms import AnswerForm, CommentForm, DocumentForm, MeetingForm, SendForm
from factcheck.models import CheckComment, DocumentSeen, FactualCheck, Meeting
from factcheck.review_panel import comment_rows
from reports import letter


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "Please check what you typed."


# The evidence log ---------------------------------------------------------------------------


def _log_page(request, assessment: Assessment, *, meeting_form=None, document_form=None, status=200):
    editable = assessment.is_editable and request.user.is_assessor and assessment.is_assigned(request.user)
    context = {
        "assessment": assessment,
        "editable": editable,
        "meetings": Meeting.objects.filter(assessment=assessment).select_related("element"),
        "documents": DocumentSeen.objects.filter(assessment=assessment),
        "meeting_form": meeting_form or MeetingForm(assessment=assessment, prefix="meeting"),
        "document_form": document_form or DocumentForm(prefix="document"),
        "sentence": services.portfolio_sentence(assessment),
    }
    return render(request, "factcheck/evidence_log.html", context, status=status)


@require_safe
@login_required
def evidence_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The meetings held and documents seen during the visit."""
    return _log_page(request, assessment_for_team(request.user, pk))


def _log_back(assessment: Assessment) -> HttpResponse:
    return redirect("factcheck_evidence_log", pk=assessment.pk)


@require_POST
@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_editor(request.user, pk)
    form = MeetingForm(request.POST, assessment=assessment, prefix="meeting")
    if not form.is_valid():
        return _log_page(request, assessment, meeting_form=form, status=400)
    try:
        services.meeting_add(assessment=assessment, by=request.user, **form.cleaned_data)
    except services.CheckError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Added the meeting to the evidence log.")
    return _log_back(assessment)


@require_POST
@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_editor(request.user, pk)
    form = DocumentForm(request.POST, prefix="document")
    if not form.is_valid():
        return _log_page(request, assessment, document_form=form, status=400)
    try:
        services.document_add(assessment=assessment, by=request.user, title=form.cleaned_data["title"])
    except services.CheckError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Added the document to the evidence log.")
    return _log_back(assessment)


@require_POST
@login_required
def log_row_delete(request: HttpRequest, pk: int, kind: str, row: int) -> HttpResponse:
    assessment = assessment_for_editor(request.user, pk)
    try:
        services.log_row_delete(assessment=assessment, by=request.user, kind=kind, row=row)
    except services.CheckError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Deleted the {kind} from the evidence log.")
    return _log_back(assessment)


@require_POST
@login_required
def portfolio_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the letter's portfolio paragraph from the evidence log; replacing what is written
    only when the assessor ticked the confirmation."""
    assessment = assessment_for_editor(request.user, pk)
    try:
        services.portfolio_fill(
            assessment=assessment, by=request.user, replace=request.POST.get("replace") == "yes"
        )
    except services.CheckError as error:
        messages.error(request, str(error))
        return _log_back(assessment)
    messages.success(
        request, "The portfolio paragraph now starts from the evidence log; edit it as you need."
    )
    return redirect("assessment_section", pk=assessment.pk, section="evidence")


# The director sends the draft ----------------------------------------------------------------


@director_required
@require_POST
def check_send(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_director(request.user, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{_first_error(form)} Nothing was sent.")
    else:
        try:
            services.check_send(
                assessment=assessment, by=request.user, deadline=form.cleaned_data["deadline"]
            )
        except services.CheckError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "The draft letter is sent to the school; its headteacher has been emailed."
            )
    return redirect("review_assessment", pk=assessment.pk)


# The school's pages ---------------------------------------------------------------------------


def _comment_parts(letter_context: dict, rows: list[dict], labels: dict, form) -> list[dict]:
    """The parts of the letter the school's page shows, in the letter's order, each with the
    comments on it and its comment form's state: `key`, the name reports/_letter_body.html
    gives the part (after_part_template); `error` and `text` when the form posted on this part
    failed."""
    keys = ["summary", "recommendation", "details", "context", "evidence"]
    keys += [key for key in ("key_successes", "minor_areas") if letter_context.get(key)]
    targets = [(key, f"section:{key}") for key in keys]
    targets += [(element.number, f"element:{element.number}") for element in letter_context["elements"]]
    posted = form.data.get("target") if form is not None and form.is_bound else None
    parts = []
    for key, target in targets:
        failed = form is not None and posted == target and bool(form.errors)
        parts.append(
            {
                "key": key,
                "target": target,
                "label": labels.get(target, target),
                "slug": target.replace(":", "-").replace("_", "-"),
                "comments": [row for row in rows if row["comment"].target == target],
                "error": _first_error(form) if failed else "",
                "text": form.data.get("text", "") if failed else "",
            }
        )
    return parts


def _school_page(request, check: FactualCheck, *, form=None, status=200) -> HttpResponse:
    assessment = check.assessment
    context = letter.gather_context(assessment, draft=True)
    context.update(section_level=3, subsection_level=4)
    problem = services.school_problem(check)
    choices = services.targets(assessment)
    rows = comment_rows(check)
    parts = _comment_parts(context, rows, dict(choices), form)
    # A failed comment on a part of the letter shows beside that part; any other failure (a
    # part the letter does not have) in the form after the letter, which names every part.
    failed_part = next((part for part in parts if part["error"]), None)
    return render(
        request,
        "factcheck/school_check.html",
        {
            **context,
            "assessment": assessment,
            "check": check,
            "comments": rows,
            "open": problem == "",
            "closed_reason": problem,
            "comment_parts": parts,
            "failed_part": failed_part,
            "after_part_template": "factcheck/_part_comment.html",
            "form": form if form is not None and failed_part is None else CommentForm(choices=choices),
        },
        status=status,
    )


@require_safe
@login_required
@never_cache
def school_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft letter sent to the school, with its comments and the form for another."""
    return _school_page(request, access.check_for_school_staff(request.user, pk))


@require_safe
@login_required
@never_cache
def school_check_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft letter as a PDF, DRAFT on every page."""
    check = access.check_for_school_staff(request.user, pk)
    try:
        pdf = letter.render_pdf(check.assessment, draft=True)
    except letter.RenderError as error:
        return render(
            request,
            "reports/letter_unavailable.html",
            {"assessment": check.assessment, "reason": str(error)},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.filename(check.assessment, draft=True)}"'
    return response


@require_POST
@login_required
def school_comment(request: HttpRequest, pk: int) -> HttpResponse:
    check = access.check_for_school_staff(request.user, pk)
    form = CommentForm(request.POST, choices=services.targets(check.assessment))
    if form.is_valid():
        try:
            services.comment_add(
                assessment=check.assessment,
                by=request.user,
                target=form.cleaned_data["target"],
                text=form.cleaned_data["text"],
            )
        except services.CheckError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your comment is sent to the assessors.")
            # Back to the part commented on, not to the top of a long letter.
            slug = form.cleaned_data["target"].replace(":", "-").replace("_", "-")
            return redirect(reverse("factcheck_school", args=[check.pk]) + f"#part-{slug}")
    return _school_page(request, check, form=form, status=400)


@require_POST
@login_required
def school_nothing(request: HttpRequest, pk: int) -> HttpResponse:
    check = access.check_for_school_staff(request.user, pk)
    try:
        services.nothing_to_correct(assessment=check.assessment, by=request.user)
    except services.CheckError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you: you have said there is nothing to correct.")
    return redirect("factcheck_school", pk=check.pk)


# The assessors' page --------------------------------------------------------------------------


@require_safe
@login_required
def assessor_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's comments on the draft, each with its answer or, for the lead assessor, a
    form to answer it."""
    assessment = assessment_for_team(request.user, pk)
    check = services.check_of(assessment)
    can_answer = (
        check is not None and request.user.pk == assessment.lead_assessor_id and not assessment.is_confirmed
    )
    return render(
        request,
        "factcheck/assessor_check.html",
        {
            "assessment": assessment,
            "check": check,
            "comments": comment_rows(check) if check else [],
            "can_answer": can_answer,
            "problem": services.confirm_problem(assessment) if check else "",
        },
    )


@require_POST
@login_required
def comment_answer(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    assessment = assessment_for_editor(request.user, pk)
    found = CheckComment.objects.filter(pk=comment, factual_check__assessment=assessment).first()
    if found is None:
        raise Http404("No such comment.")
    form = AnswerForm(request.POST, prefix=f"c{found.pk}")
    if not form.is_valid():
        messages.error(request, f"{_first_error(form)} Nothing was saved.")
    else:
        try:
            services.comment_answer(
                comment=found,
                by=request.user,
                changed=form.cleaned_data["changed"],
                text=form.cleaned_data["text"],
            )
        except services.CheckError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your answer is saved.")
    return redirect(reverse("factcheck_assessor", args=[assessment.pk]) + f"#comment-{found.pk}")
