"""The assessor's continuity pages: progress since the previous visit (each carried item's
progress and comment), the targets for the coming year, and the research project with its key
steps. Like the editor's lists (assessments.views.items): htmx gets the part of the page it came
from (and the page's status, out of band), with a message when nothing changed; a plain POST
goes back to the page with a message. Like the element pages, each field also saves itself as
the assessor types (the *_autosave views, JSON for static/js/editor.js), so moving on to the next
item loses nothing.
Writing: the assigned assessors while the visit is a draft or returned; directors read."""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import editing, parts
from assessments.editing import EditError, ItemGone, VersionConflict
from assessments.forms import ItemDeleteForm, ItemMoveForm
from assessments.templatetags.iqm import plain_text
from assessments.views.kit import (
    autosave,
    conflict_context,
    editor_login_required,
    page_context,
    problem_text,
    read_only_message,
    rebased,
    restored_context,
    take_unsaved,
    with_status,
)
from assessments.workspace import Page, workspace_for
from continuity import access, services
from continuity.forms import (
    LABELS,
    ProgressForm,
    ProjectForm,
    StepEditForm,
    StepForm,
    TargetEditForm,
    TargetForm,
)
from continuity.models import CarriedItem, Progress, ResearchProject, ResearchStep, Target
from continuity.parts import PAGES, page_url

UNDO_KEY = "iqm_continuity_undo"


# What the pages share -------------------------------------------------------------------------


def _editable(request, assessment) -> bool:
    return assessment.is_editable and request.user.is_assessor and assessment.is_assigned(request.user)


def _page_context(request, assessment, key: str) -> dict:
    """The editor's context for one of continuity's pages, with the pages before and after it
    (Previous / Next) when the workspace lists it."""
    workspace = workspace_for(assessment, request.user)
    if any(page.key == key for page in workspace.pages):
        context = page_context(request, workspace, key)
    else:  # progress on items imported into a visit that follows none: a page of its own
        title = next(page.title for page in PAGES if page.key == key)
        context = {
            "assessment": assessment,
            "workspace": workspace,
            "editable": workspace.editable,
            "page": Page(key, title, page_url(assessment, key), True, []),
            "previous_page": None,
            "next_page": None,
            "read_only_reason": editing.read_only_reason(assessment)
            if workspace.assigned and not workspace.editable
            else "",
        }
    return {**context, **restored_context(take_unsaved(request), used=False)}


def _conflict(problem: VersionConflict, user) -> dict:
    """conflict_context with these pages' labels, and progress in words."""
    context = conflict_context(problem, user)
    for row in context["rows"]:
        row["label"] = LABELS.get(row["name"], row["label"])
        if row["name"] == "progress":
            for side in ("yours", "theirs"):
                value = row[side]
                row[f"{side}_display"] = Progress(value).label if value else "(not recorded)"
    return context


# Progress since the previous visit ------------------------------------------------------------

GROUPS = (
    (CarriedItem.Source.AREA, "Areas for development"),
    (CarriedItem.Source.MINOR_AREA, "Minor areas for development"),
    (CarriedItem.Source.TARGET, "Last year's targets"),
)


def _previous_url(pk: int, item: int | None = None) -> str:
    url = reverse("continuity_previous", args=[pk])
    return f"{url}#carried-{item}" if item else url


def _carried_row(
    request, item: CarriedItem, *, editable: bool, form=None, conflict=None, message="", saved=False
):
    if form is None:
        form = ProgressForm(
            prefix=f"item-{item.pk}",
            initial={"progress": item.progress, "comment": item.comment, "version": item.version},
        )
    _autosaved(form, ("comment",))
    # A legend is a label: the item's text without its *emphasis* markup, which only the
    # item's own paragraph (|inline) and the letter render.
    text = plain_text(item.text)
    text = text if len(text) <= 80 else text[:79] + "…"
    return {
        "item": item,
        "legend": f"Progress on {item.get_source_display().lower()} {item.position}: {text}",
        "form": form,
        "editable": editable,
        "conflict": conflict,
        "message": message,
        "saved": saved,
        "url": reverse("continuity_progress", args=[item.assessment_id, item.pk]),
        "autosave_url": reverse("continuity_progress_autosave", args=[item.assessment_id, item.pk]),
        "page_url": _previous_url(item.assessment_id),
    }


def _autosaved(form, names) -> None:
    """Mark the form's fields for static/js/editor.js, which saves each one on its own as the
    assessor types (the autosave views below), under its name without the form's prefix."""
    for name in names:
        form.fields[name].widget.attrs.update({"data-autosave": "", "data-autosave-field": name})


def _render_previous(request, assessment, *, status=200, rows=None) -> HttpResponse:
    context = _page_context(request, assessment, "previous")
    items = list(CarriedItem.objects.filter(assessment=assessment).order_by("source", "position"))
    rows = rows or {}
    editable = context["editable"]
    groups = []
    for source, title in GROUPS:
        members = [
            rows.get(item.pk) or _carried_row(request, item, editable=editable)
            for item in items
            if item.source == source
        ]
        if members:
            groups.append({"source": source, "title": title, "rows": members})
    previous = services.previous_visit(assessment) if assessment.previous_assessment_id else None
    context.update({"groups": groups, "previous": previous, "carried": bool(items)})
    return render(request, "continuity/previous.html", context, status=status)


@require_GET
@editor_login_required
def previous_page(request: HttpRequest, pk: int) -> HttpResponse:
    """What the previous confirmed visit asked for, each with its progress and a comment."""
    return _render_previous(request, access.visit_for_team(request.user, pk, "previous"))


def _render_carried(request, assessment, row: dict, *, status=200) -> HttpResponse:
    response = render(request, "continuity/_carried_item.html", {"row": row}, status=status)
    return with_status(response, request, assessment, "previous")


def _carried_answer(
    request, assessment, item, *, message: str, status=409, form=None, conflict=None, saved=False
):
    """The answer to a POST about one carried item: the item again for htmx; for a plain POST
    the page (a conflict or the form's errors) or, with nothing to show again, a message and back."""
    editable = _editable(request, assessment)
    row = _carried_row(
        request, item, editable=editable, form=form, conflict=conflict, message=message, saved=saved
    )
    if request.htmx:
        return _render_carried(request, assessment, row, status=status)
    if form is None:
        messages.add_message(request, messages.SUCCESS if saved else messages.ERROR, message)
        return redirect(_previous_url(assessment.pk, item.pk))
    return _render_previous(request, assessment, status=status, rows={item.pk: row})


def _carried_gone(request, assessment, item: int) -> HttpResponse:
    message = "This item is no longer in this visit: someone else may have removed it. Nothing was saved."
    if request.htmx:
        html = (
            f'<div class="alert alert-warning" id="carried-{item}" role="alert" tabindex="-1" '
            f"data-focus-on-load>{message}</div>"
        )
        return HttpResponse(html, status=409)
    messages.error(request, message)
    return redirect(_previous_url(assessment.pk))


@require_POST
@editor_login_required(page=lambda pk, item: _previous_url(pk))
def carried_progress(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Record progress (met, partly met, not met) and a comment on one carried item."""
    assessment = access.visit_for_editor(request.user, pk, "previous")
    carried = CarriedItem.objects.filter(assessment=assessment, pk=item).first()
    if carried is None:
        return _carried_gone(request, assessment, item)
    if not assessment.is_editable:
        return _carried_answer(request, assessment, carried, message=read_only_message(assessment))
    prefix = f"item-{item}"
    form = ProgressForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _carried_answer(request, assessment, carried, message="", status=200, form=form)
    try:
        services.progress_record(
            assessment=assessment,
            by=request.user,
            item_id=carried.pk,
            progress=form.cleaned_data["progress"],
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except VersionConflict as problem:
        form = ProgressForm(rebased(request.POST, problem.version, prefix=prefix), prefix=prefix)
        form.is_valid()
        carried.refresh_from_db()
        return _carried_answer(
            request, assessment, carried, message="", form=form, conflict=_conflict(problem, request.user)
        )
    except ItemGone:
        return _carried_gone(request, assessment, item)
    except (EditError, ValidationError) as problem:
        form.add_error(None, problem_text(problem))
        return _carried_answer(request, assessment, carried, message="", status=200, form=form)
    carried.refresh_from_db()
    noun = carried.get_source_display().lower()
    return _carried_answer(
        request, assessment, carried, message=f"Saved the progress on {noun} {carried.position}.", status=200,
        saved=True,
    )  # fmt: skip


@require_POST
@editor_login_required(json=True, page=lambda pk, item: _previous_url(pk))
def carried_autosave(request: HttpRequest, pk: int, item: int) -> JsonResponse:
    """Save one carried item's progress or comment as the assessor works; JSON for editor.js."""
    assessment = access.visit_for_editor(request.user, pk, "previous")
    field = request.POST.get("field", "")
    if field not in ("progress", "comment"):
        raise Http404("No such field.")

    def save(value, version):
        saved = services.progress_record(
            assessment=assessment, by=request.user, item_id=item, version=version, **{field: value}
        )
        return saved.version

    return autosave(request, assessment, ProgressForm, field, save, key="previous", describe=_conflict)


# Ordered rows: the targets for the coming year and the research project's key steps ------------


@dataclasses.dataclass(frozen=True)
class RowKind:
    key: str  # in URLs, ids and form prefixes
    page: str  # the page they are on (continuity.parts.PAGES)
    noun: str
    title: str
    model: type
    fields: tuple  # what a new row is given (and an undo puts back)
    edit_fields: tuple
    add_form: type
    edit_form: type
    add: Callable
    edit: Callable
    delete: Callable
    move: Callable
    id_arg: str


KINDS = {
    "targets": RowKind(
        "targets", "targets", "target", "Targets for the coming year", Target,
        ("text", "lead", "by_when"), ("text", "lead", "by_when"), TargetForm, TargetEditForm,
        services.target_add, services.target_edit, services.target_delete, services.target_move, "target_id",
    ),
    "steps": RowKind(
        "steps", "research", "step", "Key steps", ResearchStep,
        ("step", "responsible", "timeline"), ("step", "responsible", "timeline", "progress", "comment"),
        StepForm, StepEditForm,
        services.step_add, services.step_edit, services.step_delete, services.step_move, "step_id",
    ),
}  # fmt: skip


def _rows_of(assessment, spec: RowKind) -> list:
    return list(spec.model.objects.filter(assessment=assessment).order_by("position"))


def _rows_url(spec: RowKind, assessment) -> str:
    return f"{page_url(assessment, spec.page)}#rows-{spec.key}"


def rows_context(
    request, assessment, spec: RowKind, rows: list, *, editable: bool, add_form=None, edit_forms=None,
    error="", conflict=None, focus="",
) -> dict:  # fmt: skip
    """What templates/continuity/_rows.html needs for one list of rows."""
    undo = request.session.get(UNDO_KEY)
    if isinstance(undo, dict) and (undo.get("assessment"), undo.get("kind")) == (assessment.pk, spec.key):
        del request.session[UNDO_KEY]
        undo = {**undo, "fields": [(name, undo.get(name, "")) for name in spec.fields]}
    else:
        undo = None
    edit_forms = edit_forms or {}
    for form in edit_forms.values():
        _autosaved(form, spec.edit_fields)
    base = reverse(f"continuity_{spec.key}_add", args=[assessment.pk]).removesuffix("add/")
    return {
        "kind": spec.key,
        "noun": spec.noun,
        "title": spec.title,
        "editable": editable,
        "rows": [
            {
                "row": row,
                "number": index + 1,
                "legend": f"Progress on {spec.noun} {index + 1}",
                "form": edit_forms.get(row.pk),
                "first": index == 0,
                "last": index == len(rows) - 1,
                "edit_url": f"{base}{row.pk}/",
                "autosave_url": f"{base}{row.pk}/autosave/",
                "move_url": f"{base}{row.pk}/move/",
                "delete_url": f"{base}{row.pk}/delete/",
            }
            for index, row in enumerate(rows)
        ],
        "add_form": add_form or spec.add_form(prefix=f"{spec.key}-add"),
        "add_url": f"{base}add/",
        "page_url": page_url(assessment, spec.page),
        "host_url": _rows_url(spec, assessment),
        "error": error,
        "conflict": conflict,
        "undo": undo,
        "focus": focus,
        "progress": spec.key == "steps",
        # What the parts show beside a new target's text (assessments.parts, "list_item").
        "assessment": assessment,
        "element": None,
        "item_kind": "target",
        "item_templates": parts.panel_templates("list_item") if spec.key == "targets" else [],
        "add_field_id": f"id_{spec.key}-add-{spec.fields[0]}",
    }


def render_rows(request, assessment, spec: RowKind, *, status=200, **extra) -> HttpResponse:
    """The list's HTML on its own, for htmx."""
    context = rows_context(
        request,
        assessment,
        spec,
        _rows_of(assessment, spec),
        editable=_editable(request, assessment),
        **extra,
    )
    response = render(request, "continuity/_rows.html", {"list": context}, status=status)
    return with_status(response, request, assessment, spec.page)


def _render_targets(request, assessment, *, status=200, rows=None) -> HttpResponse:
    context = _page_context(request, assessment, "targets")
    spec = KINDS["targets"]
    context["list"] = rows_context(
        request, assessment, spec, _rows_of(assessment, spec), editable=context["editable"], **(rows or {})
    )
    return render(request, "continuity/targets.html", context, status=status)


def _render_research(
    request, assessment, *, status=200, rows=None, title_form=None, conflict=None
) -> HttpResponse:
    context = _page_context(request, assessment, "research")
    project = ResearchProject.objects.filter(assessment=assessment).first()
    spec = KINDS["steps"]
    if title_form is None:
        initial = {"title": project.title, "version": project.version} if project else {}
        title_form = ProjectForm(initial=initial)
    if project is not None:  # a new project is named by the form, which then shows its steps
        _autosaved(title_form, ("title",))
    context.update({"project": project, "title_form": title_form, "conflict": conflict})
    if project is not None:
        steps = list(project.steps.order_by("position"))
        context["list"] = rows_context(
            request, assessment, spec, steps, editable=context["editable"], **(rows or {})
        )
    return render(request, "continuity/research.html", context, status=status)


RENDERERS = {"targets": _render_targets, "research": _render_research}


def _show(request, assessment, spec: RowKind, *, status=200, **rows) -> HttpResponse:
    """The list again: on its own for htmx, in its page for a plain request."""
    if request.htmx:
        return render_rows(request, assessment, spec, status=status, **rows)
    return RENDERERS[spec.page](request, assessment, status=status, rows=rows)


def _refuse(request, assessment, spec: RowKind, message: str, *, level=messages.ERROR) -> HttpResponse:
    """Nothing changed: the list with the message for htmx (409, which htmx shows); for a
    plain POST the message and back to the page."""
    if request.htmx:
        return render_rows(request, assessment, spec, status=409, error=message)
    messages.add_message(request, level, message)
    return redirect(_rows_url(spec, assessment))


@require_GET
@editor_login_required
def targets_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's targets for the coming year (Centre of Excellence and Flagship visits)."""
    assessment = access.visit_for_team(request.user, pk, "targets")
    if request.htmx:
        return render_rows(request, assessment, KINDS["targets"])
    return _render_targets(request, assessment)


@require_GET
@editor_login_required
def research_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The Flagship school's research project: its title and key steps."""
    assessment = access.visit_for_team(request.user, pk, "research")
    if request.htmx and ResearchProject.objects.filter(assessment=assessment).exists():
        return render_rows(request, assessment, KINDS["steps"])
    return _render_research(request, assessment)


@require_POST
@editor_login_required(page=lambda pk: page_url_of(pk, "research"))
def research_title(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the research project, or rename it."""
    assessment = access.visit_for_editor(request.user, pk, "research")
    back = page_url(assessment, "research")
    if not assessment.is_editable:
        messages.error(request, read_only_message(assessment))
        return redirect(back)
    form = ProjectForm(request.POST)
    if form.is_valid():
        try:
            services.project_set(
                assessment=assessment,
                by=request.user,
                title=form.cleaned_data["title"],
                version=form.cleaned_data["version"] or 0,
            )
        except VersionConflict as problem:
            form = ProjectForm(rebased(request.POST, problem.version))
            form.is_valid()
            return _render_research(
                request, assessment, status=409, title_form=form, conflict=_conflict(problem, request.user)
            )
        except (EditError, ValidationError) as problem:
            form.add_error(None, problem_text(problem))
        else:
            messages.success(request, "Saved the project's title.")
            return redirect(back)
    return _render_research(request, assessment, title_form=form)


@require_POST
@editor_login_required(json=True, page=lambda pk: page_url_of(pk, "research"))
def research_title_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Rename the research project as the assessor types; JSON for editor.js."""
    assessment = access.visit_for_editor(request.user, pk, "research")
    if request.POST.get("field", "") != "title":
        raise Http404("No such field.")

    def save(value, version):
        if version is None:
            raise EditError("Name the project with its Save button first. Nothing was saved.")
        saved = services.project_set(assessment=assessment, by=request.user, title=value, version=version)
        return saved.version

    return autosave(request, assessment, ProjectForm, "title", save, key="research", describe=_conflict)


def page_url_of(pk: int, key: str) -> str:
    return reverse(next(page.url_name for page in PAGES if page.key == key), args=[pk])


def _page_of(pk: int, kind: str, row: int | None = None) -> str:
    return page_url_of(pk, KINDS[kind].page)


def _values(spec: RowKind, form, fields) -> dict:
    return {name: form.cleaned_data[name] for name in fields}


@require_POST
@editor_login_required(page=_page_of)
def row_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a row at the end, or put a deleted one back in its place (undo)."""
    spec = KINDS[kind]
    assessment = access.visit_for_editor(request.user, pk, spec.page)
    if not assessment.is_editable:
        return _refuse(request, assessment, spec, read_only_message(assessment))
    form = spec.add_form(request.POST, prefix=f"{kind}-add")
    error = ""
    if form.is_valid():
        try:
            spec.add(
                assessment=assessment,
                by=request.user,
                position=form.cleaned_data.get("position"),
                **_values(spec, form, spec.fields),
            )
        except (EditError, ValidationError) as problem:
            error = problem_text(problem)
        else:
            if request.htmx:
                return render_rows(request, assessment, spec, focus=f"id_{kind}-add-{spec.fields[0]}")
            messages.success(request, f"Added the {spec.noun}.")
            return redirect(_rows_url(spec, assessment))
    return _show(
        request, assessment, spec, add_form=form, error=error, focus=f"id_{kind}-add-{spec.fields[0]}"
    )


def _row(assessment, spec: RowKind, row: int):
    return spec.model.objects.filter(assessment=assessment, pk=row).first()


def _row_gone(request, assessment, spec: RowKind, posted: dict) -> HttpResponse:
    """Someone deleted the row being edited: say so and give its text back in the add form."""
    message = f"Someone else deleted this {spec.noun} while you were editing it. Nothing was saved."
    if any(str(value).strip() for value in posted.values()):
        message += " Your text is in the boxes below: add it again if it should stay."
    add_form = spec.add_form(prefix=f"{spec.key}-add", initial=posted)
    if request.htmx:
        return render_rows(request, assessment, spec, status=409, error=message, add_form=add_form)
    messages.error(request, message)
    return RENDERERS[spec.page](request, assessment, status=409, rows={"add_form": add_form})


@require_http_methods(["GET", "POST"])
@editor_login_required(page=_page_of)
def row_edit(request: HttpRequest, pk: int, kind: str, row: int) -> HttpResponse:
    """Change one row: in place with htmx, or in its page without it."""
    spec = KINDS[kind]
    prefix = f"{kind}-{row}"
    focus = f"id_{prefix}-{spec.fields[0]}"
    if request.method == "GET":
        assessment = access.visit_for_team(request.user, pk, spec.page)
        found = _row(assessment, spec, row)
        if found is None:
            raise Http404(f"No such {spec.noun}.")
        if not _editable(request, assessment):
            return _show(request, assessment, spec)
        initial = {name: getattr(found, name) for name in spec.edit_fields}
        form = spec.edit_form(prefix=prefix, initial={**initial, "version": found.version})
        return _show(request, assessment, spec, edit_forms={found.pk: form}, focus=focus)

    assessment = access.visit_for_editor(request.user, pk, spec.page)
    found = _row(assessment, spec, row)
    posted = {name: request.POST.get(f"{prefix}-{name}", "") for name in spec.fields}
    if found is None:
        return _row_gone(request, assessment, spec, posted)
    if not assessment.is_editable:
        return _refuse(request, assessment, spec, read_only_message(assessment))
    form = spec.edit_form(request.POST, prefix=prefix)
    conflict, status = None, 200
    if form.is_valid():
        try:
            spec.edit(
                assessment=assessment,
                by=request.user,
                version=form.cleaned_data["version"],
                **{spec.id_arg: found.pk},
                **_values(spec, form, spec.edit_fields),
            )
        except VersionConflict as problem:
            conflict, status = _conflict(problem, request.user), 409
            form = spec.edit_form(rebased(request.POST, problem.version, prefix=prefix), prefix=prefix)
            form.is_valid()
        except ItemGone:
            return _row_gone(request, assessment, spec, posted)
        except (EditError, ValidationError) as problem:
            form.add_error(None, problem_text(problem))
        else:
            if request.htmx:
                return render_rows(request, assessment, spec, focus=f"edit-{kind}-{found.pk}")
            messages.success(request, f"Saved the {spec.noun}.")
            return redirect(_rows_url(spec, assessment))
    return _show(
        request, assessment, spec, status=status, edit_forms={found.pk: form}, conflict=conflict, focus=focus
    )


@require_POST
@editor_login_required(json=True, page=_page_of)
def row_autosave(request: HttpRequest, pk: int, kind: str, row: int) -> JsonResponse:
    """Save one field of a target or a key step as the assessor types; JSON for editor.js."""
    spec = KINDS[kind]
    assessment = access.visit_for_editor(request.user, pk, spec.page)
    field = request.POST.get("field", "")
    if field not in spec.edit_fields:
        raise Http404("No such field.")

    def save(value, version):
        saved = spec.edit(
            assessment=assessment, by=request.user, version=version, **{spec.id_arg: row, field: value}
        )
        return saved.version

    return autosave(request, assessment, spec.edit_form, field, save, key=spec.page, describe=_conflict)


@require_POST
@editor_login_required(page=_page_of)
def row_delete(request: HttpRequest, pk: int, kind: str, row: int) -> HttpResponse:
    """Delete one row; the list then offers to put it back."""
    spec = KINDS[kind]
    assessment = access.visit_for_editor(request.user, pk, spec.page)
    found = _row(assessment, spec, row)
    if found is None:
        return _refuse(
            request, assessment, spec, f"That {spec.noun} had already been deleted.", level=messages.INFO
        )
    if not assessment.is_editable:
        return _refuse(request, assessment, spec, read_only_message(assessment))
    form = ItemDeleteForm(request.POST)
    if not form.is_valid():
        return _refuse(
            request, assessment, spec, "The page was out of date, so nothing was deleted. Try again."
        )
    try:
        deleted = spec.delete(
            assessment=assessment,
            by=request.user,
            version=form.cleaned_data["version"],
            **{spec.id_arg: found.pk},
        )
    except VersionConflict as conflict:
        who = f" by {conflict.changed_by}" if conflict.changed_by else ""
        found.refresh_from_db()
        text = getattr(found, spec.fields[0])
        return _refuse(
            request, assessment, spec,
            f"This {spec.noun} was changed{who} since you opened the page, so it was not deleted. "
            f"It now reads: “{text}”. Delete it again if it should go.",
        )  # fmt: skip
    except EditError as problem:
        return _refuse(request, assessment, spec, str(problem))
    request.session[UNDO_KEY] = {"assessment": assessment.pk, "kind": kind, **deleted}
    if request.htmx:
        return render_rows(request, assessment, spec, focus=f"undo-{kind}")
    messages.success(request, f"Deleted the {spec.noun}.")
    return redirect(_rows_url(spec, assessment))


@require_POST
@editor_login_required(page=_page_of)
def row_move(request: HttpRequest, pk: int, kind: str, row: int) -> HttpResponse:
    """Move one row up or down a place."""
    spec = KINDS[kind]
    assessment = access.visit_for_editor(request.user, pk, spec.page)
    found = _row(assessment, spec, row)
    if found is None:
        return _refuse(request, assessment, spec, f"That {spec.noun} has been deleted.", level=messages.INFO)
    if not assessment.is_editable:
        return _refuse(request, assessment, spec, read_only_message(assessment))
    form = ItemMoveForm(request.POST)
    if not form.is_valid():
        return _refuse(
            request, assessment, spec, f"That {spec.noun} was not moved: it moves up or down a place."
        )
    direction = form.cleaned_data["direction"]
    try:
        spec.move(assessment=assessment, by=request.user, direction=direction, **{spec.id_arg: found.pk})
    except EditError as problem:
        return _refuse(request, assessment, spec, str(problem))
    if request.htmx:
        return render_rows(request, assessment, spec, focus=f"{direction}-{kind}-{found.pk}")
    return redirect(_rows_url(spec, assessment))
