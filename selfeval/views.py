"""The school's self-evaluation of a visit, at /school/self-evaluations/<visit>/.

- The overview: each element of the visit's framework with the school's evaluation and its
  evidence, and the button that submits it. The school's staff (its headteacher and school
  users) write it while the visit is a draft; the visit's assessors, directors and superusers
  read it once it is submitted.
- A page per element, for the school's staff: the evaluation (saved as they type, like the
  assessor's narrative, and by its Save button without JavaScript), and its evidence — files
  and links — to add and remove.
- Each file, downloaded as an attachment (never shown inline), by the same readers.

Everyone else gets 404, so nothing says the visit exists. Every rule is selfeval.services';
a refused step is a message and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.dates import self_evaluation_due
from assessments.models import Assessment
from assessments.uploads import declared_too_large, limit_uploads
from assessments.views.kit import editor_login_required, json_error
from selfeval import access, services
from selfeval.files import file_size_problem, file_too_large_problem, max_file_bytes
from selfeval.forms import ElementTextForm, EvidenceFileForm, EvidenceLinkForm
from selfeval.models import ElementEvaluation, Evidence, SelfEvaluation


def _row(self_evaluation: SelfEvaluation, number: int) -> ElementEvaluation:
    row = (
        ElementEvaluation.objects.filter(self_evaluation=self_evaluation, element__number=number)
        .select_related("element")
        .prefetch_related("evidence")
        .first()
    )
    if row is None:
        raise Http404("No such element.")
    return row


def _open(assessment: Assessment, user) -> SelfEvaluation:
    """The self-evaluation, made with its elements when the school first opens it."""
    found = SelfEvaluation.objects.filter(assessment=assessment).first()
    if found is not None:
        return found
    return services.self_evaluation_for(assessment, by=user)


def _school_row(request: HttpRequest, pk: int, number: int):
    """The visit, its self-evaluation and the element's row, for the school's staff; 404 for
    anyone else. Only for a POST: writing the first words starts the self-evaluation
    (services.self_evaluation_for)."""
    assessment = access.visit_for_school_staff(request.user, pk)
    self_evaluation = _open(assessment, request.user)
    return assessment, self_evaluation, _row(self_evaluation, number)


def _problem(self_evaluation: SelfEvaluation) -> str:
    """Why the school can no longer change it ("" while it can), with the day it was submitted."""
    if self_evaluation.is_submitted:
        return (
            f"The self-evaluation was submitted on {timezone.localtime(self_evaluation.submitted_at):%-d %B %Y}; "
            "it can no longer be changed."
        )
    return services.closed_reason(self_evaluation)


def _element_url(assessment: Assessment, number: int) -> str:
    return reverse("selfeval_element", args=[assessment.pk, number])


# The overview ---------------------------------------------------------------------------------


@require_safe
@login_required
@never_cache
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Every element with the school's evaluation and evidence; for the school, the links to
    write each and the button that submits it all."""
    assessment = access.visit_for_reader(request.user, pk)
    school_staff = request.user.is_school_staff
    # The school sees its own draft; the team only what the school has submitted.
    self_evaluation = (
        SelfEvaluation.objects.filter(assessment=assessment).first()
        if school_staff
        else services.submitted_for(assessment)
    )
    rows = []
    if self_evaluation is not None:
        elements = (
            self_evaluation.elements.select_related("element").prefetch_related("evidence")
            if school_staff
            else self_evaluation.elements.all()
        )
        rows = [
            {
                "row": row,
                "url": _element_url(assessment, row.element.number),
                "evidence": list(row.evidence.all()),
            }
            for row in elements
        ]
    return render(
        request,
        "selfeval/overview.html",
        {
            "assessment": assessment,
            "self_evaluation": self_evaluation,
            "rows": rows,
            "school_staff": school_staff,
            "problem": _problem(self_evaluation) if self_evaluation else "",
            "unwritten": [r["row"].element for r in rows if not r["row"].text.strip()],
            "days_late": services.days_late(self_evaluation, assessment),
            "self_evaluation_due": self_evaluation_due(assessment),
        },
    )


@require_POST
@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the school's self-evaluation: one row per element of the framework, then its
    overview (starting twice changes nothing)."""
    assessment = access.visit_for_school_staff(request.user, pk)
    try:
        services.self_evaluation_for(assessment, by=request.user)
    except services.SelfEvaluationError as error:
        messages.error(request, str(error))
    return redirect("selfeval_overview", pk=assessment.pk)


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.visit_for_school_staff(request.user, pk)
    self_evaluation = _open(assessment, request.user)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request, "Tick the box to say the self-evaluation is ready, then submit it. Nothing was sent."
        )
        return redirect("selfeval_overview", pk=assessment.pk)
    try:
        services.submit(self_evaluation_id=self_evaluation.pk, by=request.user)
    except services.SelfEvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The self-evaluation is submitted; the assessors have been emailed.")
    return redirect("selfeval_overview", pk=assessment.pk)


# A page per element ---------------------------------------------------------------------------


def _element_page(
    request,
    assessment: Assessment,
    self_evaluation: SelfEvaluation,
    row: ElementEvaluation,
    *,
    form=None,
    file_form=None,
    link_form=None,
    conflict=None,
    status=200,
) -> HttpResponse:
    rows = list(
        self_evaluation.elements.select_related("element").only("pk", "element__number", "element__title")
    )
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    problem = _problem(self_evaluation)
    return render(
        request,
        "selfeval/element.html",
        {
            "assessment": assessment,
            "self_evaluation": self_evaluation,
            "row": row,
            "element": row.element,
            "evidence": list(row.evidence.all()),
            "editable": not problem,
            "problem": problem,
            "form": form or ElementTextForm(initial={"version": row.version, "text": row.text}),
            "file_form": file_form or EvidenceFileForm(prefix="file"),
            "link_form": link_form or EvidenceLinkForm(prefix="link"),
            "conflict": conflict,
            "autosave_url": reverse("selfeval_autosave", args=[assessment.pk, row.element.number]),
            "previous": rows[index - 1].element if index > 0 else None,
            "next": rows[index + 1].element if index + 1 < len(rows) else None,
            "count": len(rows),
            "max_file_mb": max_file_bytes() // (1024 * 1024),
        },
        status=status,
    )


def _save_text(request, row: ElementEvaluation, form: ElementTextForm) -> ElementEvaluation:
    return services.save_element_text(
        element_evaluation_id=row.pk,
        text=form.cleaned_data["text"],
        version=form.cleaned_data["version"],
        by=request.user,
    )


def _conflict(row: ElementEvaluation, yours: str) -> dict:
    row.refresh_from_db()
    return {
        "rows": [
            {
                "label": "Evaluation",
                "name": "text",
                "yours_display": yours,
                "theirs_display": row.text,
            }
        ],
        "version": row.version,
    }


@require_http_methods(["GET", "POST"])
@editor_login_required
def element(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The school's evaluation of one element, with its evidence."""
    if request.method == "GET":
        # A GET never writes: before the school starts its self-evaluation, its overview offers
        # the button that does.
        assessment = access.visit_for_school_staff(request.user, pk)
        self_evaluation = SelfEvaluation.objects.filter(assessment=assessment).first()
        if self_evaluation is None:
            return redirect("selfeval_overview", pk=assessment.pk)
        return _element_page(request, assessment, self_evaluation, _row(self_evaluation, number))
    assessment, self_evaluation, row = _school_row(request, pk, number)
    form = ElementTextForm(request.POST)
    if not form.is_valid():
        return _element_page(request, assessment, self_evaluation, row, form=form, status=400)
    try:
        _save_text(request, row, form)
    except services.StaleVersionError as error:
        conflict = _conflict(row, form.cleaned_data["text"])
        data = request.POST.copy()
        data["version"] = str(conflict["version"])
        form = ElementTextForm(data)
        form.is_valid()
        form.add_error(None, str(error))
        return _element_page(
            request, assessment, self_evaluation, row, form=form, conflict=conflict, status=409
        )
    except services.SelfEvaluationError as error:
        form.add_error(None, str(error))
        return _element_page(request, assessment, self_evaluation, row, form=form, status=409)
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
    if request.POST.get("then") == "next":
        following = _row_after(self_evaluation, row)
        if following is not None:
            return redirect(_element_url(assessment, following))
        return redirect("selfeval_overview", pk=assessment.pk)
    return redirect(_element_url(assessment, number))


def _row_after(self_evaluation: SelfEvaluation, row: ElementEvaluation) -> int | None:
    numbers = list(self_evaluation.elements.values_list("element__number", flat=True))
    index = numbers.index(row.element.number)
    return numbers[index + 1] if index + 1 < len(numbers) else None


@require_POST
@editor_login_required(json=True, page=lambda pk, number: reverse("selfeval_element", args=[pk, number]))
def autosave(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    """Save the evaluation as the school types; JSON for editor.js, as the assessor's editor."""
    *_, row = _school_row(request, pk, number)
    if request.POST.get("field") != "text":
        raise Http404("No such field.")
    form = ElementTextForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for name in ("text", "version") for e in form.errors.get(name, [])]
        return json_error(
            "invalid", " ".join(errors) or "The text could not be read. Nothing was saved.", 400
        )
    try:
        saved = _save_text(request, row, form)
    except services.StaleVersionError as error:
        conflict = _conflict(row, form.cleaned_data["text"])
        html = render_to_string(
            "assessments/_conflict.html", {"conflict": conflict, "scripted": True}, request
        )
        return json_error(
            "conflict", str(error), 409, version=conflict["version"], html=html, theirs=row.text
        )
    except services.SelfEvaluationError as error:
        return json_error("read_only", str(error), 409)
    return JsonResponse({"ok": True, "version": saved.version, "saved_at": f"{timezone.localtime():%H:%M}"})


# Evidence -------------------------------------------------------------------------------------


def _back_to(assessment: Assessment, number: int) -> HttpResponse:
    return redirect(_element_url(assessment, number) + "#evidence")


@require_POST
@login_required
@csrf_exempt  # _file_add checks the token itself, once the upload is held to its limit
def file_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Upload a file as evidence for the element. A body whose Content-Length is over the limit
    is refused before it is read, and the upload is read in memory only up to the limit
    (assessments.uploads); its bytes are checked by selfeval.files; a refused file is not stored."""
    assessment, self_evaluation, row = _school_row(request, pk, number)
    if declared_too_large(request, max_file_bytes()):
        return _file_too_large(request, assessment, self_evaluation, row)
    return _file_add(request, assessment, self_evaluation, row, limit_uploads(request, max_file_bytes()))


def _file_too_large(request, assessment, self_evaluation, row) -> HttpResponse:
    form = EvidenceFileForm(data={}, files={}, prefix="file")
    form.errors["file"] = form.error_class([f"{file_too_large_problem()} Nothing was uploaded."])
    return _element_page(request, assessment, self_evaluation, row, file_form=form, status=413)


@csrf_protect
def _file_add(request, assessment, self_evaluation, row, handler) -> HttpResponse:
    form = EvidenceFileForm(request.POST, request.FILES, prefix="file")
    if handler.too_large:
        return _file_too_large(request, assessment, self_evaluation, row)
    number = row.element.number
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if too_big := file_size_problem(upload.size):
            form.add_error("file", f"{too_big} Nothing was uploaded.")
        else:
            try:
                services.add_file(
                    element_evaluation_id=row.pk,
                    name=upload.name,
                    data=upload.read(),
                    title=form.cleaned_data["title"],
                    by=request.user,
                )
            except services.SelfEvaluationError as error:
                form.add_error("file", f"{error} Nothing was uploaded.")
            else:
                messages.success(request, f"Uploaded {upload.name}.")
                return _back_to(assessment, number)
    return _element_page(request, assessment, self_evaluation, row, file_form=form, status=400)


@require_POST
@login_required
def link_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment, self_evaluation, row = _school_row(request, pk, number)
    form = EvidenceLinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            services.add_link(
                element_evaluation_id=row.pk,
                url=form.cleaned_data["url"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except services.SelfEvaluationError as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, "Added the link.")
            return _back_to(assessment, number)
    return _element_page(request, assessment, self_evaluation, row, link_form=form, status=400)


def _evidence(assessment: Assessment, evidence_pk: int) -> Evidence:
    found = (
        Evidence.objects.filter(pk=evidence_pk, assessment=assessment)
        .select_related("element_evaluation__element")
        .first()
    )
    if found is None:
        raise Http404("No such evidence.")
    return found


@require_POST
@login_required
def evidence_delete(request: HttpRequest, pk: int, evidence: int) -> HttpResponse:
    assessment = access.visit_for_school_staff(request.user, pk)
    found = _evidence(assessment, evidence)
    try:
        services.evidence_delete(evidence_id=found.pk, by=request.user)
    except services.SelfEvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed {found}.")
    return _back_to(assessment, found.element_evaluation.element.number)


@require_safe
@login_required
@never_cache
def evidence_file(request: HttpRequest, pk: int, evidence: int) -> HttpResponse:
    """One evidence file, for its school's staff and the visit's team (assessors only once it
    is submitted): always an attachment with the type its bytes were found to be, never
    sniffed or shown inline, in a sandbox if a browser opens it anyway."""
    assessment = access.visit_for_reader(request.user, pk)
    found = _evidence(assessment, evidence)
    if found.kind != "file":
        raise Http404("No such file.")
    if (
        not request.user.is_school_staff
        and not SelfEvaluation.objects.filter(assessment=assessment, submitted_at__isnull=False).exists()
    ):
        raise Http404("No such file.")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing from the store.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name or "evidence",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
