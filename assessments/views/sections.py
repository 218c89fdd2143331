"""The editor of a themed report (assessments.sections): the Sections page, which lists the
report's sections in order and adds, moves, deletes (and puts back) them, and a page per section
for its heading, narrative (saved as the assessor types, like an element's) and quotations.

Like the lists (views/items.py), every change answers htmx with the part of the page it changed
and a plain POST with a redirect and a message, so each works without JavaScript. Writing: the
assigned assessors, while the assessment is a draft or returned; directors and the others of the
team read the pages. An assessment organised by element has none of these pages (404).
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from assessments import editing
from assessments import sections as themed
from assessments.access import assessment_for_editor, assessment_for_team
from assessments.editing import EditError, ItemGone, VersionConflict
from assessments.forms import ItemDeleteForm, ItemMoveForm, QuotationForm, SectionAddForm, SectionForm
from assessments.kinds import ReportStructure
from assessments.models import Assessment
from assessments.views.kit import (
    _item_url,
    autosave,
    conflict_context,
    editor_login_required,
    page_context,
    problem_text,
    read_only_message,
    rebased,
    restored_context,
    section_panels,
    take_unsaved,
    with_status,
)
from assessments.workspace import THEMED_PAGE_KEY, Page, workspace_for

# The last deleted section, for the Sections page's Undo: {"assessment", "token", "deleted"
# (what sections.section_delete returned), "shown"}. Offered once; put back while it is kept.
SECTION_UNDO_KEY = "iqm_undo_section"

ADD_PREFIX = "section-add"
QUOTATION_PREFIX = "quotation-add"


def _themed(assessment: Assessment) -> Assessment:
    """The assessment, if its report is written in themed sections; 404 otherwise."""
    if assessment.report_structure != ReportStructure.THEMED:
        raise Http404("This report is organised by element, not in themed sections.")
    return assessment


def _sections_url(pk: int) -> str:
    return reverse("assessment_sections", args=[pk])


def _section_url(pk: int, item: int) -> str:
    return reverse("themed_section", args=[pk, item])


def _section(assessment: Assessment, item: int) -> themed.Section | None:
    return themed.Section.objects.filter(assessment=assessment, pk=item).first()


def _can_edit(request: HttpRequest, assessment: Assessment) -> bool:
    return editing.can_edit(assessment, request.user)


def _refused(request, message: str, *, back: str, part=None, status: int = 409, level=messages.ERROR):
    """The answer to a POST that changed nothing and has no form to show again: for htmx, the
    part of the page it came from (`part(status=…, error=…)`) with the message; otherwise the
    message and the page `back`."""
    if request.htmx and part is not None:
        return part(status=status, error=message)
    messages.add_message(request, level, message)
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(back)


# The Sections page --------------------------------------------------------------------------


def _take_undo(request: HttpRequest, assessment: Assessment) -> dict | None:
    """The deleted section to offer to put back, the first time the list is shown after it."""
    undo = request.session.get(SECTION_UNDO_KEY)
    if not isinstance(undo, dict) or undo.get("assessment") != assessment.pk or undo.get("shown"):
        return None
    request.session[SECTION_UNDO_KEY] = {**undo, "shown": True}
    return undo


def sections_list_context(
    request: HttpRequest,
    assessment: Assessment,
    sections: list,
    *,
    editable: bool,
    add_form: SectionAddForm | None = None,
    error: str = "",
    focus: str = "",
) -> dict:
    """What templates/assessments/_themed_sections.html needs."""
    page_url, move_url, delete_url = (
        _item_url(name, assessment.pk)
        for name in ("themed_section", "themed_section_move", "themed_section_delete")
    )
    rows = [
        {
            "section": section,
            "quotations": list(section.quotations.all()),
            "first": index == 0,
            "last": index == len(sections) - 1,
            "url": page_url(section.pk),
            "move_url": move_url(section.pk),
            "delete_url": delete_url(section.pk),
        }
        for index, section in enumerate(sections)
    ]
    return {
        "assessment": assessment,
        "rows": rows,
        "editable": editable,
        "add_form": add_form or SectionAddForm(prefix=ADD_PREFIX),
        "add_url": reverse("themed_section_add", args=[assessment.pk]),
        "restore_url": reverse("themed_section_restore", args=[assessment.pk]),
        "undo": _take_undo(request, assessment) if editable else None,
        "error": error,
        "focus": focus,
    }


def render_sections_list(request: HttpRequest, assessment: Assessment, *, status: int = 200, **extra):
    """The list of sections on its own, for htmx."""
    sections = list(themed.sections_of(assessment))
    context = sections_list_context(
        request, assessment, sections, editable=_can_edit(request, assessment), **extra
    )
    response = render(request, "assessments/_themed_sections.html", {"list": context}, status=status)
    return with_status(response, request, assessment, THEMED_PAGE_KEY)


def _section_page(section: themed.Section) -> Page:
    """A section's own page, as Previous / Next name it."""
    url = _section_url(section.assessment_id, section.pk)
    return Page(f"section-{section.pk}", section.heading, url, True, [])


def sections_pager(request: HttpRequest, workspace, section: themed.Section | None = None) -> dict:
    """The Sections page's context (kit.page_context) with Previous / Next running through the
    sections' own pages, as they run through the elements' in a report by element: the
    Sections page, then each section in order, then the page after the Sections page."""
    context = page_context(request, workspace, THEMED_PAGE_KEY)
    sections = workspace.sections
    if section is None:
        if sections:
            context["next_page"] = _section_page(sections[0])
        return context
    index = next((i for i, s in enumerate(sections) if s.pk == section.pk), None)
    if index is None:
        return context
    context["previous_page"] = (
        _section_page(sections[index - 1])
        if index > 0
        else workspace.pages[workspace.page_index(THEMED_PAGE_KEY)]
    )
    if index + 1 < len(sections):
        context["next_page"] = _section_page(sections[index + 1])
    return context


def render_sections_page(
    request: HttpRequest, assessment: Assessment, *, status: int = 200, extra=None, **lists
):
    workspace = workspace_for(assessment, request.user)
    context = sections_pager(request, workspace)
    context["list"] = sections_list_context(
        request, assessment, workspace.sections, editable=workspace.editable, **lists
    )
    context.update(extra or {})
    return render(request, "assessments/sections.html", context, status=status)


def _list_part(request, assessment):
    return lambda **extra: render_sections_list(request, assessment, **extra)


@require_GET
@editor_login_required
def assessment_sections(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's sections in order: heading, the start of the narrative and the quotations;
    for the assessors, the buttons that add, move and delete them."""
    assessment = _themed(assessment_for_team(request.user, pk))
    if request.htmx:
        return render_sections_list(request, assessment)
    restored = take_unsaved(request)
    lists = {}
    if restored and _can_edit(request, assessment) and restored["action"].endswith("/sections/add/"):
        data = restored["data"]
        lists["add_form"] = SectionAddForm(
            prefix=ADD_PREFIX,
            initial={
                "heading": data.get(f"{ADD_PREFIX}-heading", ""),
                "narrative": data.get(f"{ADD_PREFIX}-narrative", ""),
            },
        )
    extra = restored_context(restored, used=bool(lists))
    return render_sections_page(request, assessment, extra=extra, **lists)


def _refuse_read_only(request, assessment, *, back: str, part=None) -> HttpResponse | None:
    if editing.can_edit(assessment, request.user):
        return None
    return _refused(request, read_only_message(assessment), back=back, part=part)


@require_POST
@editor_login_required(page=_sections_url)
def themed_section_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a section at the end of the report."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    part = _list_part(request, assessment)
    if refusal := _refuse_read_only(request, assessment, back=_sections_url(pk), part=part):
        return refusal
    form = SectionAddForm(request.POST, prefix=ADD_PREFIX)
    error = ""
    if form.is_valid():
        try:
            section = themed.section_add(
                assessment=assessment,
                by=request.user,
                heading=form.cleaned_data["heading"],
                narrative=form.cleaned_data["narrative"],
            )
        except (EditError, ValidationError) as problem:
            error = problem_text(problem)
        else:
            if request.htmx:
                return render_sections_list(request, assessment, focus=f"id_{ADD_PREFIX}-heading")
            messages.success(request, f"Added the section “{section.heading}”.")
            return redirect(f"{_sections_url(pk)}#section-{section.pk}")
    focus = f"id_{ADD_PREFIX}-heading"
    if request.htmx:
        return render_sections_list(request, assessment, add_form=form, error=error, focus=focus)
    return render_sections_page(request, assessment, add_form=form, error=error)


@require_POST
@editor_login_required(page=lambda pk, item: _sections_url(pk))
def themed_section_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Move a section up or down a place."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    part = _list_part(request, assessment)
    back = _sections_url(pk)
    if refusal := _refuse_read_only(request, assessment, back=back, part=part):
        return refusal
    form = ItemMoveForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            "That section was not moved: a section moves up or down a place.",
            back=back,
            part=part,
            status=400,
        )
    direction = form.cleaned_data["direction"]
    try:
        themed.section_move(assessment=assessment, by=request.user, section_id=item, direction=direction)
    except EditError as problem:
        return _refused(request, str(problem), back=back, part=part, level=messages.INFO)
    if request.htmx:
        return render_sections_list(request, assessment, focus=f"{direction}-section-{item}")
    return redirect(f"{back}#section-{item}")


@require_POST
@editor_login_required(page=lambda pk, item: _sections_url(pk))
def themed_section_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Delete a section and its quotations; the Sections page then offers to put them back."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    part = _list_part(request, assessment)
    back = _sections_url(pk)
    if refusal := _refuse_read_only(request, assessment, back=back, part=part):
        return refusal
    form = ItemDeleteForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            "The page was out of date, so nothing was deleted. Try again.",
            back=back,
            part=part,
            status=400,
        )
    try:
        deleted = themed.section_delete(
            assessment=assessment, by=request.user, section_id=item, version=form.cleaned_data["version"]
        )
    except VersionConflict as conflict:
        message = (
            "This section was changed since you opened the page, so it was not deleted. Its heading "
            f"now reads “{conflict.theirs['heading']}”. Delete it again if it should go."
        )
        return _refused(request, message, back=back, part=part)
    except ItemGone:
        return _refused(
            request, "That section had already been deleted.", back=back, part=part, level=messages.INFO
        )
    except EditError as problem:
        return _refused(request, str(problem), back=back, part=part)
    request.session[SECTION_UNDO_KEY] = {
        "assessment": assessment.pk,
        "token": secrets.token_urlsafe(12),
        "deleted": deleted,
        "shown": False,
    }
    if request.htmx:
        return render_sections_list(request, assessment, focus="undo-section")
    messages.success(request, f"Deleted the section “{deleted['heading']}”.")
    return redirect(back)


@require_POST
@editor_login_required(page=_sections_url)
def themed_section_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo: put the last deleted section back at its place, with its quotations."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    part = _list_part(request, assessment)
    back = _sections_url(pk)
    if refusal := _refuse_read_only(request, assessment, back=back, part=part):
        return refusal
    undo = request.session.get(SECTION_UNDO_KEY)
    token = request.POST.get("token", "")
    if not (
        isinstance(undo, dict)
        and undo.get("assessment") == assessment.pk
        and token
        and secrets.compare_digest(str(undo.get("token", "")), token)
    ):
        message = "There is no deleted section to put back (it may have been put back already)."
        return _refused(request, message, back=back, part=part, level=messages.INFO)
    try:
        section = themed.section_restore(assessment=assessment, by=request.user, deleted=undo["deleted"])
    except (EditError, ValidationError) as problem:
        return _refused(request, problem_text(problem), back=back, part=part)
    del request.session[SECTION_UNDO_KEY]
    if request.htmx:
        return render_sections_list(request, assessment, focus=f"open-section-{section.pk}")
    messages.success(request, f"Put back the section “{section.heading}”.")
    return redirect(f"{back}#section-{section.pk}")


# A section's own page -----------------------------------------------------------------------


def quotations_context(
    request: HttpRequest,
    assessment: Assessment,
    section: themed.Section,
    quotations: list,
    *,
    editable: bool,
    add_form: QuotationForm | None = None,
    error: str = "",
    focus: str = "",
) -> dict:
    """What templates/assessments/_quotations.html needs."""
    delete_url = _item_url("quotation_delete", assessment.pk)
    return {
        "section": section,
        "rows": [{"quotation": q, "delete_url": delete_url(q.pk)} for q in quotations],
        "editable": editable,
        "add_form": add_form or QuotationForm(prefix=QUOTATION_PREFIX),
        "add_url": reverse("quotation_add", args=[assessment.pk, section.pk]),
        "error": error,
        "focus": focus,
    }


def render_quotations(request, assessment, section, *, status: int = 200, **extra):
    quotations = list(section.quotations.order_by("position"))
    context = quotations_context(
        request, assessment, section, quotations, editable=_can_edit(request, assessment), **extra
    )
    return render(request, "assessments/_quotations.html", {"quotations": context}, status=status)


def render_section_page(
    request, assessment, section, *, form=None, status=200, quotations=None, extra=None
) -> HttpResponse:
    workspace = workspace_for(assessment, request.user)
    context = sections_pager(request, workspace, section)
    # The workspace's sections hold their quotations, prefetched: use its copy of this one.
    shown = next((s for s in workspace.sections if s.pk == section.pk), section)
    if form is None:
        form = SectionForm(
            initial={"version": shown.version, "heading": shown.heading, "narrative": shown.narrative}
        )
    context.update(
        {
            "section": shown,
            "form": form,
            "sections_url": _sections_url(assessment.pk),
            "autosave_url": reverse("themed_section_autosave", args=[assessment.pk, shown.pk]),
            "quotations": quotations_context(
                request,
                assessment,
                shown,
                list(shown.quotations.all()),
                editable=workspace.editable,
                **(quotations or {}),
            ),
        }
    )
    context.update(section_panels(assessment, f"section:{shown.pk}"))
    context.update(extra or {})
    return render(request, "assessments/themed_section.html", context, status=status)


def _section_gone(request, assessment, heading: str = "", narrative: str = "") -> HttpResponse:
    """Someone deleted the section being edited: say so, with the text back in the add form."""
    message = "Someone else deleted this section while you were editing it."
    if heading.strip() or narrative.strip():
        message += " Your text is in the form below: add the section again if it should stay."
    add_form = SectionAddForm(prefix=ADD_PREFIX, initial={"heading": heading, "narrative": narrative})
    messages.error(request, message)
    return render_sections_page(request, assessment, add_form=add_form, status=409)


@require_http_methods(["GET", "POST"])
@editor_login_required(page=_section_url)
def themed_section(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """One section: its heading and narrative (a form; the narrative also saves as the assessor
    types) and its quotations."""
    if request.method == "GET":
        assessment = _themed(assessment_for_team(request.user, pk))
        section = _section(assessment, item)
        if section is None:
            raise Http404("No such section.")
        restored = take_unsaved(request)
        if restored and _can_edit(request, assessment) and restored["action"] == request.path:
            form = SectionForm(restored["data"])
            form.is_valid()
            return render_section_page(
                request, assessment, section, form=form, extra=restored_context(restored, used=True)
            )
        quotations = {}
        if restored and _can_edit(request, assessment) and restored["action"].endswith("/quotations/add/"):
            data = restored["data"]
            quotations["add_form"] = QuotationForm(
                prefix=QUOTATION_PREFIX,
                initial={
                    "text": data.get(f"{QUOTATION_PREFIX}-text", ""),
                    "attribution": data.get(f"{QUOTATION_PREFIX}-attribution", ""),
                },
            )
        extra = restored_context(restored, used=bool(quotations))
        return render_section_page(request, assessment, section, quotations=quotations, extra=extra)

    assessment = _themed(assessment_for_editor(request.user, pk))
    if refusal := _refuse_read_only(request, assessment, back=request.path):
        return refusal
    section = _section(assessment, item)
    if section is None:
        return _section_gone(
            request, assessment, request.POST.get("heading", ""), request.POST.get("narrative", "")
        )
    form = SectionForm(request.POST)
    if not form.is_valid():
        return render_section_page(request, assessment, section, form=form)
    try:
        themed.section_edit(
            assessment=assessment,
            by=request.user,
            section_id=section.pk,
            heading=form.cleaned_data["heading"],
            narrative=form.cleaned_data["narrative"],
            version=form.cleaned_data["version"],
        )
    except VersionConflict as conflict:
        form = SectionForm(rebased(request.POST, conflict.version))
        form.is_valid()
        extra = {"conflict": conflict_context(conflict, request.user)}
        return render_section_page(request, assessment, section, form=form, status=409, extra=extra)
    except ItemGone:
        return _section_gone(
            request, assessment, form.cleaned_data["heading"], form.cleaned_data["narrative"]
        )
    except (EditError, ValidationError) as problem:
        form.add_error(None, problem_text(problem))
        return render_section_page(request, assessment, section, form=form)
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
    if request.POST.get("then") == "sections":
        return redirect(f"{_sections_url(pk)}#section-{section.pk}")
    return redirect(request.path)


@require_POST
@editor_login_required(json=True, page=_section_url)
def themed_section_autosave(request: HttpRequest, pk: int, item: int) -> JsonResponse:
    """Save a section's narrative as the assessor types; JSON for editor.js."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    if request.POST.get("field", "") != "narrative":
        raise Http404("No such field.")

    def save(value, version):
        current = _section(assessment, item)
        if current is None:
            raise ItemGone("This section is not in this report: someone else may have deleted it.")
        try:
            saved = themed.section_edit(
                assessment=assessment,
                by=request.user,
                section_id=item,
                heading=current.heading,
                narrative=value,
                version=version,
            )
        except VersionConflict as conflict:
            # Only the narrative is being saved: the panel compares that.
            raise VersionConflict(
                fields=["narrative"],
                yours={"narrative": value},
                theirs={"narrative": conflict.theirs["narrative"]},
                version=conflict.version,
            ) from conflict
        return saved.version

    return autosave(request, assessment, SectionForm, "narrative", save, key=THEMED_PAGE_KEY)


# Quotations ---------------------------------------------------------------------------------


@require_POST
@editor_login_required(page=_section_url)
def quotation_add(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Add a quotation at the end of a section's quotations."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    section = _section(assessment, item)
    if section is None:
        return _refused(
            request,
            "That section has been deleted, so the quotation was not added.",
            back=_sections_url(pk),
            part=_list_part(request, assessment),
        )
    back = f"{_section_url(pk, item)}#quotations"

    def part(**extra):
        return render_quotations(request, assessment, section, **extra)

    if refusal := _refuse_read_only(request, assessment, back=back, part=part):
        return refusal
    form = QuotationForm(request.POST, prefix=QUOTATION_PREFIX)
    error = ""
    focus = f"id_{QUOTATION_PREFIX}-text"
    if form.is_valid():
        try:
            themed.quotation_add(
                assessment=assessment,
                by=request.user,
                section_id=section.pk,
                text=form.cleaned_data["text"],
                attribution=form.cleaned_data["attribution"],
            )
        except ItemGone as problem:
            return _refused(request, str(problem), back=_sections_url(pk), part=part)
        except (EditError, ValidationError) as problem:
            error = problem_text(problem)
        else:
            if request.htmx:
                return part(focus=focus)
            messages.success(request, "Added the quotation.")
            return redirect(back)
    if request.htmx:
        return part(add_form=form, error=error, focus=focus)
    return render_section_page(request, assessment, section, quotations={"add_form": form, "error": error})


def _quotation_host(pk: int, item: int) -> str:
    quotation = themed.Quotation.objects.filter(pk=item, assessment_id=pk).first()
    return _section_url(pk, quotation.section_id) if quotation else _sections_url(pk)


@require_POST
@editor_login_required(page=_quotation_host)
def quotation_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Delete one quotation."""
    assessment = _themed(assessment_for_editor(request.user, pk))
    quotation = (
        themed.Quotation.objects.filter(assessment=assessment, pk=item).select_related("section").first()
    )
    if quotation is None:
        return _refused(
            request, "That quotation had already been deleted.", back=_sections_url(pk), level=messages.INFO
        )
    section = quotation.section
    back = f"{_section_url(pk, section.pk)}#quotations"

    def part(**extra):
        return render_quotations(request, assessment, section, **extra)

    if refusal := _refuse_read_only(request, assessment, back=back, part=part):
        return refusal
    form = ItemDeleteForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            "The page was out of date, so nothing was deleted. Try again.",
            back=back,
            part=part,
            status=400,
        )
    try:
        themed.quotation_delete(
            assessment=assessment,
            by=request.user,
            quotation_id=quotation.pk,
            version=form.cleaned_data["version"],
        )
    except VersionConflict:
        message = "This quotation was changed since you opened the page, so it was not deleted. Try again."
        return _refused(request, message, back=back, part=part)
    except ItemGone:
        return _refused(
            request, "That quotation had already been deleted.", back=back, part=part, level=messages.INFO
        )
    except EditError as problem:
        return _refused(request, str(problem), back=back, part=part)
    if request.htmx:
        return part(focus=f"id_{QUOTATION_PREFIX}-text")
    messages.success(request, "Deleted the quotation.")
    return redirect(back)
