"""The lists' items: add (and put a deleted item back), edit, move, delete. Each answers
htmx with the list's HTML (pages.render_list) and a plain POST with the page the list lives
on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import editing
from assessments.access import assessment_for_editor, assessment_for_team
from assessments.editing import LIST_KINDS, EditError, ItemGone, VersionConflict
from assessments.forms import ItemDeleteForm, ItemEditForm, ItemForm, ItemMoveForm
from assessments.models import Assessment, Element, Statement
from assessments.views.kit import (
    UNDO_KEY,
    conflict_context,
    editor_login_required,
    element_of,
    host_page,
    host_url,
    problem_text,
    read_only_message,
    rebased,
    refused,
    render_element,
    render_list,
    render_section,
    restored_context,
    section_of,
    take_unsaved,
)

# List items ---------------------------------------------------------------------------------


def _list_owner(assessment: Assessment, kind: str, number: int | None) -> Element | None:
    """The element a list belongs to (None for the assessment's own lists); 404 for no such list."""
    list_kind = LIST_KINDS.get(kind)
    if list_kind is None or (number is None) != (list_kind.section is not None):
        raise Http404("No such list.")
    return element_of(assessment, number) if number is not None else None


@require_GET
@editor_login_required(page=lambda pk, kind, number=None: host_page(pk, kind, number))
def statement_list(request: HttpRequest, pk: int, kind: str, number: int | None = None) -> HttpResponse:
    """One list's HTML, for htmx (a Cancel button); other requests go to the page it lives on."""
    assessment = assessment_for_team(request.user, pk)
    element = _list_owner(assessment, kind, number)
    if not request.htmx:
        return redirect(host_url(assessment, kind, element))
    return render_list(request, assessment, kind, element)


def _refuse_read_only(request, assessment, kind, element) -> HttpResponse | None:
    """The refusal of a change to a list of an assessment that cannot change now; None if it can."""
    if editing.can_edit(assessment, request.user):
        return None
    return refused(
        request,
        read_only_message(assessment),
        back=host_url(assessment, kind, element),
        list_in=(assessment, kind, element),
    )


@require_POST
@editor_login_required(page=lambda pk, kind, number=None: host_page(pk, kind, number))
def statement_add(request: HttpRequest, pk: int, kind: str, number: int | None = None) -> HttpResponse:
    """Add an item to a list (at its end, or back in its place after an undo)."""
    assessment = assessment_for_editor(request.user, pk)
    element = _list_owner(assessment, kind, number)
    if refusal := _refuse_read_only(request, assessment, kind, element):
        return refusal
    form = ItemForm(request.POST, prefix=f"{kind}-add")
    error = ""
    if form.is_valid():
        try:
            editing.statement_add(
                assessment=assessment,
                by=request.user,
                kind=kind,
                element=element,
                text=form.cleaned_data["text"],
                position=form.cleaned_data.get("position"),
            )
        except (EditError, ValidationError) as problem:
            error = problem_text(problem)
        else:
            if request.htmx:
                return render_list(request, assessment, kind, element, focus=f"id_{kind}-add-text")
            messages.success(request, f"Added the {LIST_KINDS[kind].noun}.")
            return redirect(host_url(assessment, kind, element))
    if request.htmx:
        return render_list(
            request, assessment, kind, element, add_form=form, error=error, focus=f"id_{kind}-add-text"
        )
    overrides = {"add_form": form, "error": error}
    if element is not None:
        return render_element(request, assessment, element, lists={kind: overrides})
    return render_section(request, assessment, section_of(kind), lists=overrides)


def _item(assessment: Assessment, item: int) -> Statement:
    statement = (
        Statement.objects.filter(assessment=assessment, pk=item).select_related("finding__element").first()
    )
    if statement is None:
        raise Http404("No such item.")
    return statement


def _item_list(statement: Statement) -> tuple[str, Element | None]:
    """The list an item is in: its kind, and its element for a strength or area."""
    return statement.kind, (statement.finding.element if statement.finding_id else None)


def _changeable_item(request, assessment: Assessment, item: int, *, gone: str):
    """The list item a POST changes, with its list: (statement, kind, element, None). Or, when
    the item has already gone or the assessment cannot change, (None, None, None, response)
    with the answer to give instead: the message `gone` and a fresh page, or the read-only
    refusal (_refuse_read_only)."""
    try:
        statement = _item(assessment, item)
    except Http404:
        overview = reverse("assessment_overview", args=[assessment.pk])
        return None, None, None, refused(request, gone, back=overview, level=messages.INFO)
    kind, element = _item_list(statement)
    if refusal := _refuse_read_only(request, assessment, kind, element):
        return None, None, None, refusal
    return statement, kind, element, None


def _item_page(pk: int, item: int) -> str:
    return reverse("statement_edit", args=[pk, item])


@require_http_methods(["GET", "POST"])
@editor_login_required(page=_item_page)
def statement_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Change one list item's text: in place with htmx, or on a page of its own without it."""
    if request.method == "GET":
        assessment = assessment_for_team(request.user, pk)
        statement = _item(assessment, item)
        _, element = _item_list(statement)
        restored = take_unsaved(request)
        if restored:
            form = ItemEditForm(restored["data"], prefix=f"item-{statement.pk}")
            form.is_valid()
        else:
            form = ItemEditForm(
                prefix=f"item-{statement.pk}", initial={"text": statement.text, "version": statement.version}
            )
        if request.htmx:
            if not editing.can_edit(assessment, request.user):
                return render_list(request, assessment, statement.kind, element)
            return render_list(
                request,
                assessment,
                statement.kind,
                element,
                edit_forms={statement.pk: form},
                focus=f"id_item-{statement.pk}-text",
            )
        return _render_item_page(request, assessment, statement, form, restored=restored)

    assessment = assessment_for_editor(request.user, pk)
    try:
        statement = _item(assessment, item)
    except Http404:
        kind, element = _deleted_item_list(assessment, item)
        text = request.POST.get(f"item-{item}-text", "")
        return _item_gone(request, assessment, text, kind, element)
    kind, element = _item_list(statement)
    if refusal := _refuse_read_only(request, assessment, kind, element):
        return refusal
    form = ItemEditForm(request.POST, prefix=f"item-{statement.pk}")
    conflict, status = None, 200
    if form.is_valid():
        try:
            editing.statement_edit(
                assessment=assessment,
                by=request.user,
                item_id=statement.pk,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
        except VersionConflict as problem:
            conflict, status = problem, 409
            form = ItemEditForm(
                rebased(request.POST, problem.version, prefix=f"item-{statement.pk}"),
                prefix=f"item-{statement.pk}",
            )
            form.is_valid()
        except ItemGone:
            return _item_gone(request, assessment, form.cleaned_data["text"], kind, element)
        except (EditError, ValidationError) as problem:
            form.add_error(None, problem_text(problem))
        else:
            if request.htmx:
                return render_list(request, assessment, kind, element, focus=f"edit-{statement.pk}")
            messages.success(request, f"Saved the {LIST_KINDS[kind].noun}.")
            return redirect(host_url(assessment, kind, element))
    if request.htmx:
        return render_list(
            request,
            assessment,
            kind,
            element,
            status=status,
            edit_forms={statement.pk: form},
            conflict=conflict_context(conflict, request.user) if conflict else None,
            focus=f"id_item-{statement.pk}-text",
        )
    return _render_item_page(request, assessment, statement, form, conflict=conflict, status=status)


def _render_item_page(request, assessment, statement, form, *, conflict=None, status=200, restored=None):
    _, element = _item_list(statement)
    editable = editing.can_edit(assessment, request.user)
    return render(
        request,
        "assessments/item_edit.html",
        {
            "assessment": assessment,
            "statement": statement,
            "element": element,
            "form": form,
            "editable": editable,
            "noun": LIST_KINDS[statement.kind].noun,
            "title": LIST_KINDS[statement.kind].title,
            "host_url": host_url(assessment, statement.kind, element),
            "conflict": conflict_context(conflict, request.user) if conflict else None,
            "read_only_reason": "" if editable else editing.read_only_reason(assessment),
            **restored_context(restored, used=editable),
        },
        status=status,
    )


def _deleted_item_list(assessment: Assessment, item: int) -> tuple:
    """The list a deleted item was in, from its history: (kind, element), or (None, None)."""
    record = Statement.history.filter(id=item, assessment_id=assessment.pk).order_by("-history_id").first()
    if record is None:
        return None, None
    if record.finding_id is None:
        return record.kind, None
    element = Element.objects.filter(findings__pk=record.finding_id).first()
    return (record.kind, element) if element else (None, None)


def _item_gone(request, assessment, text: str, kind=None, element=None) -> HttpResponse:
    """Someone deleted the item being edited: say so and give the text back in the add box."""
    message = "Someone else deleted this item while you were editing it."
    if text.strip():
        message += " Your text is in the box below: add it again if it should stay."
    if kind is None:
        return refused(request, message, back=reverse("assessment_overview", args=[assessment.pk]))
    add_form = ItemForm(prefix=f"{kind}-add", initial={"text": text})
    if request.htmx:
        return render_list(request, assessment, kind, element, status=409, error=message, add_form=add_form)
    messages.error(request, message)
    overrides = {"add_form": add_form}
    if element is not None:
        return render_element(request, assessment, element, lists={kind: overrides}, status=409)
    return render_section(request, assessment, section_of(kind), lists=overrides, status=409)


def _item_host(pk: int, item: int) -> str:
    statement = Statement.objects.filter(pk=item, assessment_id=pk).select_related("finding__element").first()
    if statement is None:
        return reverse("assessment_overview", args=[pk])
    number = statement.finding.element.number if statement.finding_id else None
    return host_page(pk, statement.kind, number)


@require_POST
@editor_login_required(page=_item_host)
def statement_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Delete one list item; the list then offers to put it back."""
    assessment = assessment_for_editor(request.user, pk)
    statement, kind, element, answer = _changeable_item(
        request, assessment, item, gone="That item had already been deleted."
    )
    if answer:
        return answer
    form = ItemDeleteForm(request.POST)
    error, status = "", 200
    if not form.is_valid():
        error, status = "The page was out of date, so nothing was deleted. Try again.", 400
    else:
        try:
            deleted = editing.statement_delete(
                assessment=assessment,
                by=request.user,
                item_id=statement.pk,
                version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            who = f" by {conflict.changed_by}" if conflict.changed_by else ""
            error = (
                f"This item was changed{who} since you opened the page, so it was not deleted. "
                f"It now reads: “{conflict.theirs['text']}”. Delete it again if it should go."
            )
            status = 409
        except EditError as problem:
            error, status = str(problem), 409
        else:
            request.session[UNDO_KEY] = {
                "assessment": assessment.pk,
                "kind": deleted.kind,
                "element": deleted.element_number,
                "position": deleted.position,
                "text": deleted.text,
            }
            if request.htmx:
                return render_list(request, assessment, kind, element, focus=f"undo-{kind}")
            messages.success(request, f"Deleted the {LIST_KINDS[kind].noun}.")
            return redirect(host_url(assessment, kind, element))
    return refused(
        request,
        error,
        back=host_url(assessment, kind, element),
        list_in=(assessment, kind, element),
        status=status,
    )


@require_POST
@editor_login_required(page=_item_host)
def statement_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Move one list item up or down a place."""
    assessment = assessment_for_editor(request.user, pk)
    statement, kind, element, answer = _changeable_item(
        request, assessment, item, gone="That item has been deleted."
    )
    if answer:
        return answer
    form = ItemMoveForm(request.POST)
    if not form.is_valid():
        message = "That item was not moved: an item moves up or down a place."
        return refused(request, message, back=host_url(assessment, kind, element))
    direction = form.cleaned_data["direction"]
    editing.statement_move(assessment=assessment, by=request.user, item_id=statement.pk, direction=direction)
    if request.htmx:
        return render_list(request, assessment, kind, element, focus=f"{direction}-{statement.pk}")
    return redirect(host_url(assessment, kind, element))
