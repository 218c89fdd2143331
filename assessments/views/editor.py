"""The assessor's editor, page by page: the overview, the sections of the letter
(editing.SECTIONS), the elements, autosave (JSON for static/js/editor.js) and submission.
Writing: the assigned assessors only, while the assessment is a draft or returned; directors
read the pages."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import editing
from assessments import parts as registry
from assessments.access import assessment_for_editor, assessment_for_team
from assessments.editing import SECTIONS_BY_KEY
from assessments.forms import AUTOSAVE_FIELDS, SECTION_FORMS, FindingForm, ItemForm
from assessments.models import FINDING_KINDS
from assessments.services import IncompleteAssessmentError, WorkflowError, assessment_submit
from assessments.views.kit import (
    UNDO_KEY,
    UNSAVED_KEY,
    autosave,
    editor_login_required,
    element_context,
    element_of,
    render_element,
    render_section,
    restored_context,
    save_form,
    take_unsaved,
)
from assessments.workspace import Workspace, workspace_for
from pagecache import render as pagecache

# Overview -----------------------------------------------------------------------------------


@require_GET
@editor_login_required
def assessment_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment's dashboard: status, the director's comment, every page with what it
    still lacks, the elements, and the submit button."""
    assessment = assessment_for_team(request.user, pk)
    workspace = workspace_for(assessment, request.user)
    return render(
        request,
        "assessments/overview.html",
        {
            "assessment": assessment,
            "workspace": workspace,
            "editable": workspace.editable,
            "read_only_reason": editing.read_only_reason(assessment)
            if workspace.assigned and not workspace.editable
            else "",
            "part_panels": registry.panels("overview", assessment, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@editor_login_required
def assessment_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One page of the assessment's own content (see editing.SECTIONS)."""
    spec = SECTIONS_BY_KEY.get(section)
    if spec is None:
        raise Http404("No such page.")
    if request.method == "GET":
        assessment = assessment_for_team(request.user, pk)
        restored = take_unsaved(request)
        editable = editing.can_edit(assessment, request.user)
        if restored and editable and spec.fields and restored["action"] == request.path:
            form = SECTION_FORMS[section](restored["data"])
            form.is_valid()
            extra = restored_context(restored, used=True)
            return render_section(request, assessment, spec, form=form, extra=extra)
        lists = {}
        if restored and editable and spec.list_kind and restored["action"].endswith("/add/"):
            lists["add_form"] = ItemForm(
                prefix=f"{spec.list_kind}-add",
                initial={"text": restored["data"].get(f"{spec.list_kind}-add-text", "")},
            )
        extra = restored_context(restored, used=bool(lists))
        return render_section(request, assessment, spec, lists=lists, extra=extra)

    assessment = assessment_for_editor(request.user, pk)
    if not spec.fields:
        return redirect("assessment_section", pk=pk, section=section)

    def save(data):
        editing.assessment_section_save(
            assessment=assessment,
            by=request.user,
            section=section,
            values={name: data[name] for name in spec.fields},
            version=data["version"],
        )

    def show(**page):
        return render_section(request, assessment, spec, **page)

    return save_form(request, assessment, SECTION_FORMS[section], save=save, show=show, key=section)


@require_http_methods(["GET", "POST"])
@editor_login_required
def assessment_element(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One element: its narrative, strengths, areas for development and the "no significant
    areas" mark."""
    if request.method == "GET":
        if UNSAVED_KEY not in request.session and UNDO_KEY not in request.session:
            # Nothing is kept for this user to see once, so the page is the same until the
            # assessment's content or the lists change. Who may see it is part of the lists
            # (its team and status) and of the key (the user's access fingerprint): the access
            # check runs whenever the page is rendered, and a cached page was rendered for this
            # user, under these generations, after it passed.
            def context() -> dict:
                assessment = assessment_for_team(request.user, pk)
                return element_context(request, assessment, element_of(assessment, number))

            return pagecache.render_page(
                request,
                "assessments/element.html",
                context,
                name="element",
                parts=(pk, number, request.user.access_fingerprint, request.path),
                topics=[pagecache.LISTS, pagecache.assessment_topic(pk)],
            )
        assessment = assessment_for_team(request.user, pk)
        element = element_of(assessment, number)
        restored = take_unsaved(request)
        editable = editing.can_edit(assessment, request.user)
        if restored and editable and restored["action"] == request.path:
            form = FindingForm(restored["data"])
            form.is_valid()
            extra = restored_context(restored, used=True)
            return render_element(request, assessment, element, form=form, extra=extra)
        lists = {}
        if restored and editable and restored["action"].endswith("/add/"):
            for kind in FINDING_KINDS:
                if f"/lists/{kind}/add/" in restored["action"]:
                    text = restored["data"].get(f"{kind}-add-text", "")
                    lists[kind] = {"add_form": ItemForm(prefix=f"{kind}-add", initial={"text": text})}
        extra = restored_context(restored, used=bool(lists))
        return render_element(request, assessment, element, lists=lists, extra=extra)

    assessment = assessment_for_editor(request.user, pk)
    element = element_of(assessment, number)

    def save(data):
        editing.finding_save(
            assessment=assessment,
            by=request.user,
            element=element,
            values={name: data[name] for name in editing.FINDING_FIELDS},
            version=data["version"],
        )

    def show(**page):
        return render_element(request, assessment, element, **page)

    return save_form(request, assessment, FindingForm, save=save, show=show, key=f"element-{element.number}")


# Autosave -----------------------------------------------------------------------------------


@require_POST
@editor_login_required(json=True, page=lambda pk, section: reverse("assessment_section", args=[pk, section]))
def assessment_section_autosave(request: HttpRequest, pk: int, section: str) -> JsonResponse:
    """Save one paragraphs field of a section as the assessor types; JSON for editor.js."""
    assessment = assessment_for_editor(request.user, pk)
    field = request.POST.get("field", "")
    if field not in AUTOSAVE_FIELDS or AUTOSAVE_FIELDS[field][0] != section:
        raise Http404("No such field.")

    def save(value, version):
        saved = editing.assessment_section_save(
            assessment=assessment, by=request.user, section=section, values={field: value}, version=version
        )
        return saved.version

    return autosave(request, assessment, AUTOSAVE_FIELDS[field][1], field, save, key=section)


@require_POST
@editor_login_required(json=True, page=lambda pk, number: reverse("assessment_element", args=[pk, number]))
def assessment_element_autosave(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    """Save an element's narrative or its "no significant areas" mark as the assessor works."""
    assessment = assessment_for_editor(request.user, pk)
    element = element_of(assessment, number)
    field = request.POST.get("field", "")
    if field not in editing.FINDING_FIELDS:
        raise Http404("No such field.")

    def save(value, version):
        finding = editing.finding_save(
            assessment=assessment, by=request.user, element=element, values={field: value}, version=version
        )
        return finding.version

    return autosave(request, assessment, FindingForm, field, save, key=f"element-{element.number}")


# Submission ---------------------------------------------------------------------------------

SUBMIT_CONFIRM = "confirm_read"


@require_http_methods(["GET", "POST"])
@editor_login_required
def assessment_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit for confirmation. GET shows what is still missing (each with a link to the page
    that fixes it) or, when nothing is, asks the assessor to confirm that they have read the
    letter; POST submits through services.assessment_submit once that box is ticked, and
    otherwise shows this page again (the list of what is missing, or the question)."""
    if request.method == "GET":
        assessment = assessment_for_team(request.user, pk)
        workspace = workspace_for(assessment, request.user)
        return render(request, "assessments/submit.html", _submit_context(workspace))

    assessment = assessment_for_editor(request.user, pk)
    if assessment.is_editable and request.POST.get(SUBMIT_CONFIRM) != "yes":
        # Submitting locks the assessment: it goes only with the box ticked that says the
        # assessor has read the letter. Without it (the overview's button) this page asks.
        workspace = workspace_for(assessment, request.user)
        context = _submit_context(workspace)
        context["refused"] = bool(workspace.missing)
        context["unconfirmed"] = not workspace.missing and "asked" in request.POST
        return render(request, "assessments/submit.html", context, status=200)
    try:
        assessment_submit(assessment=assessment, by=request.user)
    except IncompleteAssessmentError:
        workspace = workspace_for(assessment, request.user)
        context = _submit_context(workspace)
        context["refused"] = True
        return render(request, "assessments/submit.html", context, status=200)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("assessment_overview", pk=pk)
    messages.success(
        request,
        "Submitted for confirmation. A director has been told; the assessment is read-only "
        "until it is confirmed or returned to you.",
    )
    return redirect("assessment_overview", pk=pk)


def _submit_context(workspace: Workspace) -> dict:
    return {
        "assessment": workspace.assessment,
        "workspace": workspace,
        "missing": workspace.missing,
        "editable": workspace.editable,
        "read_only_reason": editing.read_only_reason(workspace.assessment)
        if workspace.assigned and not workspace.editable
        else "",
    }
