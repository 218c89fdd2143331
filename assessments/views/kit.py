"""The public editor kit: what every app's editor pages share (the core's, continuity's and
selfeval's): an autosave's answer (autosave, json_error), signing out while editing
(editor_login_required and the text it keeps), the context every editor page has, what a page
says is done, sent again after each edit (status_parts, with_status), a list's HTML
(list_context, render_list), and the section and element pages as a GET or a failed POST shows
them (render_section, render_element)."""

import datetime
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRefresh

from assessments import editing, parts, unsaved
from assessments.dates import british_date
from assessments.editing import LIST_KINDS, SECTIONS_BY_KEY, EditError, VersionConflict
from assessments.forms import SECTION_FORMS, FindingForm, ItemForm, autosave_form, field_label
from assessments.kinds import ReportStructure
from assessments.links import reversed_once
from assessments.models import Assessment, Element, Outcome, StatementKind
from assessments.workspace import Workspace, element_workspace, framework_elements, workspace_for

UNSAVED_KEY = "iqm_unsaved"
UNDO_KEY = "iqm_undo"


# Signing out while editing ------------------------------------------------------------------


def json_error(kind: str, message: str, status: int, **extra) -> JsonResponse:
    """An autosave's refusal as static/js/editor.js reads it: {"ok": false, "kind", "error"}."""
    return JsonResponse({"ok": False, "kind": kind, "error": message, **extra}, status=status)


def editor_login_required(view=None, *, page=None, json=False):
    """Like login_required, but keeps what a signed-out user was saving.

    A JSON (autosave) or htmx request gets 401, so the script keeps the text on screen and in
    the browser. A plain form POST is kept in the session, and the page it came from shows it
    back after signing in (`page(**kwargs)` names that page; the request's own path otherwise).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            where = page(**kwargs) if page else request.path
            login_url = f"{reverse('login')}?{urlencode({'next': where})}"
            message = "You have been signed out, so this was not saved."
            if json:
                return JsonResponse(
                    {
                        "ok": False,
                        "kind": "signed_out",
                        "error": "you have been signed out. Your text is kept in this browser; "
                        "sign in again and it will be saved.",
                        "login_url": login_url,
                    },
                    status=401,
                )
            if getattr(request, "htmx", False):
                html = render_to_string(
                    "assessments/_signed_out.html", {"login_url": login_url, "message": message}, request
                )
                return HttpResponse(html, status=401)
            if request.method == "POST":
                data = {
                    key: value
                    for key, value in request.POST.items()
                    if key not in ("csrfmiddlewaretoken", unsaved.FIELD)
                }
                # Kept only for the person who typed it, whom the form names: the session is no
                # one's now, and whoever signs in next on this browser may be someone else.
                owner = unsaved.owner_of(request.POST.get(unsaved.FIELD))
                if owner is not None and restored_context({"data": data}, used=False)["restored_texts"]:
                    request.session[UNSAVED_KEY] = {
                        "page": where,
                        "action": request.path,
                        "data": data,
                        "owner": owner,
                    }
                    messages.warning(
                        request,
                        "You were signed out before your last change was saved. Sign in again and "
                        "what you typed will be shown back to you.",
                    )
                else:
                    messages.warning(
                        request, "You had been signed out, so that was not done. Sign in and try again."
                    )
            return redirect(login_url)

        return wrapper

    return decorator(view) if view is not None else decorator


def restored_context(restored: dict | None, *, used: bool) -> dict:
    """Context for _restored.html: the banner, and the texts themselves if no form took them."""
    if not restored:
        return {}
    meta = ("version", "position", "then", "direction", "field")
    texts = [
        value
        for key, value in restored["data"].items()
        if isinstance(value, str) and value.strip() and not key.endswith(meta) and value != "on"
    ]
    return {"restored": restored, "restored_used": used, "restored_texts": texts}


def take_unsaved(request: HttpRequest) -> dict | None:
    """What a signed-out POST left for this page, removed from the session; None if nothing."""
    stash = request.session.get(UNSAVED_KEY)
    if not isinstance(stash, dict):
        return None
    if stash.get("owner") != request.user.pk:
        # Someone else's text, typed on this browser before they were signed out: never shown.
        del request.session[UNSAVED_KEY]
        return None
    if stash.get("page") == request.path:
        del request.session[UNSAVED_KEY]
        return stash
    return None


def page_context(request: HttpRequest, workspace: Workspace, key: str) -> dict:
    index = workspace.page_index(key)
    pages = workspace.pages
    return {
        "assessment": workspace.assessment,
        "workspace": workspace,
        "editable": workspace.editable,
        "page": pages[index],
        "previous_page": pages[index - 1] if index > 0 else None,
        "next_page": pages[index + 1] if index + 1 < len(pages) else None,
        "read_only_reason": editing.read_only_reason(workspace.assessment)
        if workspace.assigned and not workspace.editable
        else "",
    }


# What a page says is done ---------------------------------------------------------------------

STATUS_TEMPLATES = {
    "pages-nav": "assessments/_pages_nav.html",
    "still-to-do": "assessments/_still_to_do.html",
    "element-complete": "assessments/_element_complete.html",
}


def status_parts(request: HttpRequest, assessment: Assessment, key: str, *, oob: bool = False) -> dict:
    """The parts of editor page `key` that say what is done — the sidebar's marks ("pages-nav"),
    the still-to-do box ("still-to-do") and an element's "Complete." ("element-complete") —
    rendered afresh after an edit, keyed by their element's id: an autosave's JSON carries them
    for editor.js, an htmx answer as out-of-band swaps (`oob`, with_status). The assessment is
    read again, since the edit went through a locked copy of it."""
    fresh = Assessment.objects.select_related(
        "school", "framework", "lead_assessor", "kind__award_level"
    ).get(pk=assessment.pk)
    workspace = workspace_for(fresh, request.user)
    if any(page.key == key for page in workspace.pages):
        context = page_context(request, workspace, key)
    else:
        context = {"assessment": fresh, "workspace": workspace, "editable": workspace.editable, "page": None}
    page = context["page"]
    context["oob"] = oob
    if page is not None and page.element_number is not None:
        context["row"] = next(row for row in workspace.elements if row.element.number == page.element_number)
    return {
        name: render_to_string(template, context, request)
        for name, template in STATUS_TEMPLATES.items()
        if name != "element-complete" or "row" in context
    }


def with_status(response: HttpResponse, request: HttpRequest, assessment: Assessment, key: str):
    """An htmx answer that also swaps the page's status parts (status_parts) out of band, so the
    sidebar and the still-to-do box change with the edit that changed them."""
    response.content += "".join(status_parts(request, assessment, key, oob=True).values()).encode()
    return response


def autosave(
    request: HttpRequest, assessment: Assessment, form_class, field: str, save, *, key: str, describe=None
):
    """Validate one field, call `save(value, version)` (which returns the new version) and answer
    in JSON for static/js/editor.js: {"ok": true, "version", "saved_at", "status"} — `status`
    the page's status parts (status_parts of page `key`) — or json_error's refusal: "read_only",
    "invalid" (400) or "conflict" (409, with the panel's HTML, from `describe(conflict, user)`,
    conflict_context unless given, and the newer value)."""
    describe = describe or conflict_context
    if not editing.can_edit(assessment, request.user):
        return json_error("read_only", read_only_message(assessment), 409)
    form = autosave_form(form_class, field, request.POST)
    if not form.is_valid():
        errors = [str(error) for name in (field, "version") for error in form.errors.get(name, [])]
        message = " ".join(errors) or "The text could not be read. Nothing was saved."
        return json_error("invalid", message, 400)
    try:
        version = save(form.cleaned_data[field], form.cleaned_data["version"])
    except VersionConflict as conflict:
        html = render_to_string(
            "assessments/_conflict.html",
            {"conflict": describe(conflict, request.user), "scripted": True},
            request,
        )
        return json_error(
            "conflict",
            str(conflict),
            409,
            version=conflict.version,
            html=html,
            theirs=conflict.theirs.get(field),
        )
    except editing.ReadOnlyError as error:
        return json_error("read_only", str(error), 409)
    except ValidationError as error:
        return json_error("invalid", " ".join(error.messages), 400)
    except EditError as error:
        return json_error("invalid", str(error), 400)
    return JsonResponse(
        {
            "ok": True,
            "version": version,
            "saved_at": f"{timezone.localtime():%H:%M}",
            "status": status_parts(request, assessment, key),
        }
    )


# Lists --------------------------------------------------------------------------------------


def section_of(kind: str) -> editing.LetterSection:
    """The page of one of the assessment's own lists (editing.LIST_KINDS)."""
    return SECTIONS_BY_KEY[LIST_KINDS[kind].section]


def host_page(pk: int, kind: str, number: int | None = None) -> str:
    """The address of the page a list lives on: its element's page, or its own section's. A
    kind with no page of its own (a hand-made address) gives the assessment's overview."""
    if number is not None:
        return reverse("assessment_element", args=[pk, number])
    list_kind = LIST_KINDS.get(kind)
    if list_kind is None or list_kind.section is None:
        return reverse("assessment_overview", args=[pk])
    return reverse("assessment_section", args=[pk, list_kind.section])


def host_url(assessment: Assessment, kind: str, element: Element | None) -> str:
    """The page a list lives on, scrolled to the list."""
    url = host_page(assessment.pk, kind, element.number if element is not None else None)
    return f"{url}#list-{kind}"


_ITEM_MARKER = 918273645546372819


def _item_url(name: str, assessment_id: int):
    """A function giving reverse(name, args=[assessment_id, item]) for any item, reversing the
    URL once rather than once per item (a long list reversed three URLs an item)."""
    prefix, suffix = reverse(name, args=[assessment_id, _ITEM_MARKER]).rsplit(str(_ITEM_MARKER), 1)
    return lambda item: f"{prefix}{item}{suffix}"


class ListAddresses:
    """The addresses the lists of one page (of an element, or of one of the assessment's own
    sections) link to, each URL pattern reversed once for all the page's lists and items (a long
    list reversed three URLs an item; an element's page has two lists), and only if a list
    shows it: `edit`, `move` and `delete` give an item's (by its id), `add` and `list` a
    list's (by its kind), `host_url` the page's own address, scrolled to a list."""

    def __init__(self, assessment: Assessment, element: Element | None):
        self.pk = assessment.pk
        self.number = element.number if element is not None else None

    @functools.cached_property
    def edit(self):
        return reversed_once("statement_edit", self.pk)

    @functools.cached_property
    def move(self):
        return reversed_once("statement_move", self.pk)

    @functools.cached_property
    def delete(self):
        return reversed_once("statement_delete", self.pk)

    @functools.cached_property
    def add(self):
        if self.number is None:
            return reversed_once("statement_add", self.pk)
        return reversed_once("element_statement_add", self.pk, self.number)

    @functools.cached_property
    def list(self):
        if self.number is None:
            return reversed_once("statement_list", self.pk)
        return reversed_once("element_statement_list", self.pk, self.number)

    @functools.cached_property
    def _element_page(self) -> str:
        return host_page(self.pk, "", self.number)

    def host_url(self, kind: str) -> str:
        """host_url's address of the list of `kind`."""
        if self.number is None:
            return f"{host_page(self.pk, kind)}#list-{kind}"
        return f"{self._element_page}#list-{kind}"


def list_context(
    request: HttpRequest,
    assessment: Assessment,
    kind: str,
    element: Element | None,
    items: list,
    *,
    editable: bool,
    add_form: ItemForm | None = None,
    edit_forms: dict | None = None,
    error: str = "",
    conflict: dict | None = None,
    focus: str = "",
    marked_none: bool = False,
    addresses: ListAddresses | None = None,
) -> dict:
    """What templates/assessments/_list.html needs for one list. `addresses`: the page's
    ListAddresses, when it has more than one list (reversed for this one otherwise). The form
    of a new item only when the list is editable (it is not shown otherwise)."""
    number = element.number if element is not None else None
    undo = request.session.get(UNDO_KEY)
    if isinstance(undo, dict) and (undo.get("assessment"), undo.get("kind"), undo.get("element")) == (
        assessment.pk,
        kind,
        number,
    ):
        del request.session[UNDO_KEY]
    else:
        undo = None
    edit_forms = edit_forms or {}
    if editable:
        add_form = add_form or ItemForm(prefix=f"{kind}-add")
        add_form.fields["text"].label = f"New {LIST_KINDS[kind].noun}"
    for form in edit_forms.values():
        form.fields["text"].label = f"Text of the {LIST_KINDS[kind].noun}"
    addresses = addresses or ListAddresses(assessment, element)
    # An item's actions are shown when the list is editable (a form to edit one, only then).
    acts = editable or bool(edit_forms)
    if acts:
        edit_url, move_url, delete_url = addresses.edit, addresses.move, addresses.delete
    rows = [
        {
            "item": item,
            "form": edit_forms.get(item.pk),
            "first": index == 0,
            "last": index == len(items) - 1,
            "edit_url": edit_url(item.pk) if acts else "",
            "move_url": move_url(item.pk) if acts else "",
            "delete_url": delete_url(item.pk) if acts else "",
        }
        for index, item in enumerate(items)
    ]
    return {
        "assessment": assessment,
        "kind": kind,
        "element": element,
        "title": LIST_KINDS[kind].title,
        "noun": LIST_KINDS[kind].noun,
        "rows": rows,
        "editable": editable,
        "add_form": add_form,
        "add_url": addresses.add(kind) if editable else "",
        "list_url": addresses.list(kind),
        "host_url": addresses.host_url(kind) if edit_forms else "",
        "error": error,
        "conflict": conflict,
        "undo": undo,
        "focus": focus,
        "marked_none": marked_none,
        # The assessment's own lists have a page each, whose heading already names the list.
        "title_hidden": element is None,
        # What the parts show beside the new item's field (assessments.parts, "list_item").
        "item_kind": kind,
        "item_templates": parts.panel_templates("list_item"),
        "add_field_id": f"id_{kind}-add-text",
    }


def render_list(request: HttpRequest, assessment: Assessment, kind: str, element, *, status=200, **extra):
    """The list's HTML on its own, for htmx."""
    finding = None
    if element is not None:
        finding = assessment.findings.filter(element=element).first()
    items = list(editing.list_items(assessment, kind, finding)) if element is None or finding else []
    editable = editing.can_edit(assessment, request.user)
    marked_none = bool(kind == StatementKind.AREA and finding and finding.no_significant_areas)
    context = list_context(
        request, assessment, kind, element, items, editable=editable, marked_none=marked_none, **extra
    )
    response = render(request, "assessments/_list.html", {"list": context}, status=status)
    key = f"element-{element.number}" if element is not None else LIST_KINDS[kind].section
    return with_status(response, request, assessment, key)


# Section pages ------------------------------------------------------------------------------


def _section_initial(assessment: Assessment, section) -> dict:
    return {"version": assessment.version, **{name: getattr(assessment, name) for name in section.fields}}


def _shown(name: str, value) -> str:
    """A field's value as the conflict panel shows it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Ticked" if value else "Not ticked"
    if isinstance(value, datetime.date):
        return british_date(value)
    if name == "outcome":
        return Outcome(value).label
    return str(value)


def _conflict_rows(conflict: VersionConflict) -> list[dict]:
    return [
        {
            "name": name,
            "label": field_label(name),
            "yours": conflict.yours[name],
            "theirs": conflict.theirs[name],
            "yours_display": _shown(name, conflict.yours[name]),
            "theirs_display": _shown(name, conflict.theirs[name]),
        }
        for name in conflict.fields
    ]


def rebased(data, version: int, prefix: str = ""):
    """The posted data with the version replaced by the stored one, so that saving again (once
    the person has seen the newer text) goes through."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    return data


def render_section(request, assessment, section, *, form=None, status=200, lists=None, extra=None):
    workspace = workspace_for(assessment, request.user)
    context = page_context(request, workspace, section.key)
    context["section"] = section
    if section.fields:
        form_class = SECTION_FORMS[section.key]
        context["form"] = form or form_class(initial=_section_initial(assessment, section))
        if hasattr(context["form"], "for_kind"):  # the outcome's words are its kind's
            context["form"].for_kind(assessment.kind)
        context["autosave_url"] = reverse("assessment_section_autosave", args=[assessment.pk, section.key])
    if section.list_kind:
        items = workspace.lists[(section.list_kind, None)]
        context["list"] = list_context(
            request, assessment, section.list_kind, None, items, editable=workspace.editable, **(lists or {})
        )
    context.update(section_panels(assessment, section.key))
    context.update(extra or {})
    return render(request, "assessments/section.html", context, status=status)


def conflict_context(conflict: VersionConflict, user) -> dict:
    return {
        "rows": _conflict_rows(conflict),
        "by": conflict.changed_by,
        "mine": conflict.changed_by is not None and conflict.changed_by.pk == user.pk,
        "at": conflict.changed_at,
        "version": conflict.version,
    }


# A POST that changed nothing ------------------------------------------------------------------
# Every editor POST that fails answers through one of these: refused() when there is no form to
# show again, save_form() for the form of a section or an element.


def read_only_message(assessment: Assessment) -> str:
    return editing.read_only_reason(assessment) + " Nothing was changed."


def problem_text(problem: EditError | ValidationError) -> str:
    """A service's refusal or a model's validation error, in words."""
    return " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)


def refused(
    request: HttpRequest,
    message: str,
    *,
    back: str,
    list_in: tuple | None = None,
    status: int = 409,
    level: int = messages.ERROR,
) -> HttpResponse:
    """The answer to an editor POST that changed nothing and has no form to show again.

    htmx gets the list it came from (`list_in`: assessment, kind, element) again with the
    message in it, with `status`; or, with no list to show, a reload of its page, which shows
    the message. A plain POST gets the message and goes to `back`."""
    if request.htmx and list_in is not None:
        assessment, kind, element = list_in
        return render_list(request, assessment, kind, element, status=status, error=message)
    messages.add_message(request, level, message)
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(back)


def save_form(request: HttpRequest, assessment: Assessment, form_class, *, save, show, key: str):
    """The POST of a section's or an element's form: `save(cleaned_data)` through its service,
    then on to the page the person asked for (after_save; `key` is this page's).

    A failure shows the page again, `show(form=…, status=…, extra=…)`: with the form's own
    errors, the model's or the service's refusal as the form's errors, or, for someone else's
    newer version, both texts side by side (409) and the form naming that version. A read-only
    assessment is refused()."""
    if not editing.can_edit(assessment, request.user):
        return refused(request, read_only_message(assessment), back=request.path)
    form = form_class(request.POST)
    if not form.is_valid():
        return show(form=form)
    try:
        save(form.cleaned_data)
    except VersionConflict as conflict:
        form = form_class(rebased(request.POST, conflict.version))
        form.is_valid()
        return show(form=form, status=409, extra={"conflict": conflict_context(conflict, request.user)})
    except ValidationError as error:
        add_model_errors(form, error)
        return show(form=form)
    except EditError as error:
        form.add_error(None, str(error))
        return show(form=form)
    return after_save(request, assessment, key)


def after_save(request: HttpRequest, assessment: Assessment, key: str) -> HttpResponse:
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
    if request.POST.get("then") == "next":
        workspace = workspace_for(assessment, request.user)
        index = workspace.page_index(key)
        if index + 1 < len(workspace.pages):
            return redirect(workspace.pages[index + 1].url)
        return redirect("assessment_overview", pk=assessment.pk)
    return redirect(request.path)


def add_model_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Element pages ------------------------------------------------------------------------------


def element_of(assessment: Assessment, number: int) -> Element:
    if assessment.report_structure == ReportStructure.THEMED:
        # A themed report prints its sections instead of the elements: no element pages.
        raise Http404("This report is written in themed sections, not by element.")
    # The framework's elements, read once (and kept as its prefetched elements): the page's
    # workspace reads them all anyway.
    element = next((e for e in framework_elements(assessment) if e.number == number), None)
    if element is None:
        raise Http404("No such element.")
    return element


def render_element(request, assessment, element, *, form=None, status=200, lists=None, extra=None):
    context = element_context(request, assessment, element, form=form, lists=lists, extra=extra)
    return render(request, "assessments/element.html", context, status=status)


def section_panels(assessment, page: str) -> dict:
    """What the registered parts show on the editor's page of one of the letter's own sections
    (an editing.SECTIONS key) or of a themed section ("section:<id>"): their templates, in order,
    and their values (assessments.parts' `section_context`)."""
    found: dict = {"section_panels": []}
    for part in parts.registered():
        if part.section_context is not None:
            found.update(part.section_context(assessment, page))
            found["section_panels"].append(part.section_template)
    return found


def element_panels(assessment, element) -> dict:
    """What the registered parts show on the element's page (assessments.parts; selfeval: the
    school's submitted evaluation of it, beside the assessor's finding): their templates, in
    order, and their values."""
    found: dict = {"element_panels": []}
    for part in parts.registered():
        if part.element_context is not None:
            found.update(part.element_context(assessment, element))
            found["element_panels"].append(part.element_template)
    return found


def element_context(request, assessment, element, *, form=None, lists=None, extra=None) -> dict:
    # The navigation's marks need every page's completeness, the page one element's lists.
    workspace = element_workspace(assessment, request.user)
    context = page_context(request, workspace, f"element-{element.number}")
    row = next(row for row in workspace.elements if row.element.pk == element.pk)
    finding = row.finding
    if form is None:
        form = FindingForm(
            initial={
                "version": finding.version if finding else 0,
                "narrative": finding.narrative if finding else "",
                "no_significant_areas": finding.no_significant_areas if finding else False,
            }
        )
    lists = lists or {}
    addresses = ListAddresses(assessment, element)
    context.update(
        {
            "element": element,
            "row": row,
            "finding": finding,
            "form": form,
            "autosave_url": reverse("assessment_element_autosave", args=[assessment.pk, element.number]),
            **element_panels(assessment, element),
            "strengths": list_context(
                request,
                assessment,
                StatementKind.STRENGTH,
                element,
                row.strengths,
                editable=workspace.editable,
                addresses=addresses,
                **lists.get(StatementKind.STRENGTH, {}),
            ),
            "areas": list_context(
                request,
                assessment,
                StatementKind.AREA,
                element,
                row.areas,
                editable=workspace.editable,
                marked_none=bool(finding and finding.no_significant_areas),
                addresses=addresses,
                **lists.get(StatementKind.AREA, {}),
            ),
            "no_significant_areas": bool(finding and finding.no_significant_areas),
            "form_action": request.path,
            "user": request.user,
        }
    )
    context.update(extra or {})
    return context
