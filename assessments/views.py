"""Pages for assessors and directors.

The assessor's editor follows the letter: letter and visit details, summary, context, evidence,
key areas of success, minor areas for development, outcome and recommendation, then one page per
element. Every form works as a plain POST; static/js/editor.js adds autosave (the *_autosave
views answer JSON) and htmx edits the lists in place (the statement_* views answer with the
list's HTML when htmx asks).

Reading: the assigned assessors and directors (a director sees the editor read-only).
Writing: the assigned assessors only, while the assessment is a draft or returned. Anyone else
gets 404, anonymous users the sign-in page.
"""

import datetime
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from assessments import editing, unsaved
from assessments.access import assessment_for_editor, assessment_for_team
from assessments.dates import british_date
from assessments.editing import SECTIONS_BY_KEY, EditError, ItemGone, ReadOnlyError, VersionConflict
from assessments.forms import (
    AUTOSAVE_FIELDS,
    SECTION_FORMS,
    FindingForm,
    ItemDeleteForm,
    ItemEditForm,
    ItemForm,
    ItemMoveForm,
    autosave_form,
)
from assessments.models import FINDING_KINDS, Assessment, Element, Outcome, Statement, StatementKind
from assessments.services import IncompleteAssessmentError, WorkflowError, assessment_submit
from assessments.workspace import (
    ASSESSOR_PAGE_SIZE,
    Workspace,
    assessor_assessments,
    assessor_rows,
    workspace_for,
)
from pagecache import render as pagecache

UNSAVED_KEY = "iqm_unsaved"
UNDO_KEY = "iqm_undo"

LIST_TITLES = {
    StatementKind.KEY_SUCCESS: "Key areas of success",
    StatementKind.MINOR_AREA: "Minor areas for development",
    StatementKind.STRENGTH: "Strengths",
    StatementKind.AREA: "Areas for development",
}
ITEM_NOUNS = {
    StatementKind.KEY_SUCCESS: "key area of success",
    StatementKind.MINOR_AREA: "minor area for development",
    StatementKind.STRENGTH: "strength",
    StatementKind.AREA: "area for development",
}
FIELD_LABELS = {
    "visit_start": "First day of the visit",
    "visit_end": "Last day of the visit",
    "letter_date": "Date of the letter",
    "summary": "Summary",
    "context": "Context of the school",
    "evidence": "Portfolio and other supporting evidence",
    "outcome": "Successful",
    "reassessment_years": "Reassessed in (years)",
    "recommendation": "Recommendation",
    "narrative": "Narrative",
    "no_significant_areas": "“No significant areas for development”",
    "text": "Text",
}


# Signing out while editing ------------------------------------------------------------------


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
                if owner is not None and _restored_context({"data": data}, used=False)["restored_texts"]:
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


def _restored_context(restored: dict | None, *, used: bool) -> dict:
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


def _take_unsaved(request: HttpRequest) -> dict | None:
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


def _page_context(request: HttpRequest, workspace: Workspace, key: str) -> dict:
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


# Lists --------------------------------------------------------------------------------------


def _list_url(name: str, assessment: Assessment, kind: str, element: Element | None) -> str:
    if element is None:
        return reverse(name, args=[assessment.pk, kind])
    return reverse(f"element_{name}", args=[assessment.pk, element.number, kind])


def _host_url(assessment: Assessment, kind: str, element: Element | None) -> str:
    """The page a list lives on, scrolled to the list."""
    if element is not None:
        url = reverse("assessment_element", args=[assessment.pk, element.number])
    else:
        section = "key_successes" if kind == StatementKind.KEY_SUCCESS else "minor_areas"
        url = reverse("assessment_section", args=[assessment.pk, section])
    return f"{url}#list-{kind}"


_ITEM_MARKER = 918273645546372819


def _item_url(name: str, assessment_id: int):
    """A function giving reverse(name, args=[assessment_id, item]) for any item, reversing the
    URL once rather than once per item (a long list reversed three URLs an item)."""
    prefix, suffix = reverse(name, args=[assessment_id, _ITEM_MARKER]).rsplit(str(_ITEM_MARKER), 1)
    return lambda item: f"{prefix}{item}{suffix}"


def _list_context(
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
) -> dict:
    """What templates/assessments/_list.html needs for one list."""
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
    add_form = add_form or ItemForm(prefix=f"{kind}-add")
    add_form.fields["text"].label = f"New {ITEM_NOUNS[kind]}"
    for form in edit_forms.values():
        form.fields["text"].label = f"Text of the {ITEM_NOUNS[kind]}"
    edit_url, move_url, delete_url = (
        _item_url(name, assessment.pk) for name in ("statement_edit", "statement_move", "statement_delete")
    )
    rows = [
        {
            "item": item,
            "form": edit_forms.get(item.pk),
            "first": index == 0,
            "last": index == len(items) - 1,
            "edit_url": edit_url(item.pk),
            "move_url": move_url(item.pk),
            "delete_url": delete_url(item.pk),
        }
        for index, item in enumerate(items)
    ]
    return {
        "assessment": assessment,
        "kind": kind,
        "element": element,
        "title": LIST_TITLES[kind],
        "noun": ITEM_NOUNS[kind],
        "rows": rows,
        "editable": editable,
        "add_form": add_form,
        "add_url": _list_url("statement_add", assessment, kind, element),
        "list_url": _list_url("statement_list", assessment, kind, element),
        "host_url": _host_url(assessment, kind, element),
        "error": error,
        "conflict": conflict,
        "undo": undo,
        "focus": focus,
        "marked_none": marked_none,
        # The assessment's own lists have a page each, whose heading already names the list.
        "title_hidden": element is None,
    }


def _render_list(request: HttpRequest, assessment: Assessment, kind: str, element, *, status=200, **extra):
    """The list's HTML on its own, for htmx."""
    finding = None
    if element is not None:
        finding = assessment.findings.filter(element=element).first()
    items = list(editing.list_items(assessment, kind, finding)) if element is None or finding else []
    editable = assessment.is_editable and request.user.is_assessor
    marked_none = bool(kind == StatementKind.AREA and finding and finding.no_significant_areas)
    context = _list_context(
        request, assessment, kind, element, items, editable=editable, marked_none=marked_none, **extra
    )
    return render(request, "assessments/_list.html", {"list": context}, status=status)


# The assessor's home ------------------------------------------------------------------------


@login_required
def assessor_home(request: HttpRequest) -> HttpResponse:
    """The assessor's home: the assessments they lead or assist on, what each lacks, and the
    next thing to do. A fixed number of queries, however many assessments and items."""
    user, number = request.user, request.GET.get("page")

    def page():
        return Paginator(assessor_assessments(user), ASSESSOR_PAGE_SIZE).get_page(number)

    def context() -> dict:
        shown = page()
        return {"rows": assessor_rows(user, shown.object_list), "page": shown}

    # Which assessments the page shows changes with the lists (who is assigned, statuses); what
    # it says of each, with the assessment's own content as well.
    def topics() -> list:
        shown = pagecache.remember(
            "assessor-home-page",
            (user.pk, number),
            [pagecache.LISTS],
            lambda: [a.pk for a in page().object_list],
        )
        return [pagecache.LISTS, *map(pagecache.assessment_topic, shown)]

    return pagecache.render_page(
        request,
        "assessments/assessor_home.html",
        context,
        name="assessor-home",
        parts=(user.pk, number),
        topics=topics,
    )


@login_required
def director_home(request: HttpRequest) -> HttpResponse:
    """The director's home: assessments waiting for review first, then visits coming up,
    assessments in draft, and awards expiring within six months; each list cut short with a
    link to the whole of it. A fixed number of queries."""
    from assessments.review import home_sections

    if not request.user.is_director:
        raise Http404("No such page.")
    # The same for every director: cached until an assessment, school or user changes.
    return pagecache.render_page(
        request,
        "assessments/director_home.html",
        lambda: {"sections": home_sections(timezone.localdate())},
        name="director-home",
        parts=(),
        topics=[pagecache.LISTS],
    )


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
        },
    )


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
            "label": FIELD_LABELS.get(name, name),
            "yours": conflict.yours[name],
            "theirs": conflict.theirs[name],
            "yours_display": _shown(name, conflict.yours[name]),
            "theirs_display": _shown(name, conflict.theirs[name]),
        }
        for name in conflict.fields
    ]


def _rebased(data, version: int, prefix: str = ""):
    """The posted data with the version replaced by the stored one, so that saving again (once
    the person has seen the newer text) goes through."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    return data


def _render_section(request, assessment, section, *, form=None, status=200, lists=None, extra=None):
    workspace = workspace_for(assessment, request.user)
    context = _page_context(request, workspace, section.key)
    context["section"] = section
    if section.fields:
        form_class = SECTION_FORMS[section.key]
        context["form"] = form or form_class(initial=_section_initial(assessment, section))
        context["autosave_url"] = reverse("assessment_section_autosave", args=[assessment.pk, section.key])
    if section.list_kind:
        items = workspace.lists[(section.list_kind, None)]
        context["list"] = _list_context(
            request, assessment, section.list_kind, None, items, editable=workspace.editable, **(lists or {})
        )
    context.update(extra or {})
    return render(request, "assessments/section.html", context, status=status)


@require_http_methods(["GET", "POST"])
@editor_login_required
def assessment_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One page of the assessment's own content (see editing.SECTIONS)."""
    spec = SECTIONS_BY_KEY.get(section)
    if spec is None:
        raise Http404("No such page.")
    if request.method == "GET":
        assessment = assessment_for_team(request.user, pk)
        restored = _take_unsaved(request)
        editable = assessment.is_editable and request.user.is_assessor
        if restored and editable and spec.fields and restored["action"] == request.path:
            form = SECTION_FORMS[section](restored["data"])
            form.is_valid()
            extra = _restored_context(restored, used=True)
            return _render_section(request, assessment, spec, form=form, extra=extra)
        lists = {}
        if restored and editable and spec.list_kind and restored["action"].endswith("/add/"):
            lists["add_form"] = ItemForm(
                prefix=f"{spec.list_kind}-add",
                initial={"text": restored["data"].get(f"{spec.list_kind}-add-text", "")},
            )
        extra = _restored_context(restored, used=bool(lists))
        return _render_section(request, assessment, spec, lists=lists, extra=extra)

    assessment = assessment_for_editor(request.user, pk)
    if not spec.fields:
        return redirect("assessment_section", pk=pk, section=section)
    if not assessment.is_editable:
        messages.error(request, editing.read_only_reason(assessment) + " Nothing was changed.")
        return redirect("assessment_section", pk=pk, section=section)
    form = SECTION_FORMS[section](request.POST)
    if not form.is_valid():
        return _render_section(request, assessment, spec, form=form)
    values = {name: form.cleaned_data[name] for name in spec.fields}
    try:
        editing.assessment_section_save(
            assessment=assessment,
            by=request.user,
            section=section,
            values=values,
            version=form.cleaned_data["version"],
        )
    except VersionConflict as conflict:
        form = SECTION_FORMS[section](_rebased(request.POST, conflict.version))
        form.is_valid()
        return _render_section(
            request,
            assessment,
            spec,
            form=form,
            status=409,
            extra={"conflict": _conflict_context(conflict, request.user)},
        )
    except ValidationError as error:
        _add_model_errors(form, error)
        return _render_section(request, assessment, spec, form=form)
    except EditError as error:
        form.add_error(None, str(error))
        return _render_section(request, assessment, spec, form=form)
    return _after_save(request, assessment, section)


def _after_save(request: HttpRequest, assessment: Assessment, key: str) -> HttpResponse:
    messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
    if request.POST.get("then") == "next":
        workspace = workspace_for(assessment, request.user)
        index = workspace.page_index(key)
        if index + 1 < len(workspace.pages):
            return redirect(workspace.pages[index + 1].url)
        return redirect("assessment_overview", pk=assessment.pk)
    return redirect(request.path)


def _add_model_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _conflict_context(conflict: VersionConflict, user) -> dict:
    return {
        "rows": _conflict_rows(conflict),
        "by": conflict.changed_by,
        "mine": conflict.changed_by is not None and conflict.changed_by.pk == user.pk,
        "at": conflict.changed_at,
        "version": conflict.version,
    }


# Element pages ------------------------------------------------------------------------------


def _element(assessment: Assessment, number: int) -> Element:
    # The framework's elements, prefetched once: the page's workspace reads them all anyway.
    prefetch_related_objects([assessment], "framework__elements")
    element = next((e for e in assessment.framework.elements.all() if e.number == number), None)
    if element is None:
        raise Http404("No such element.")
    return element


def _render_element(request, assessment, element, *, form=None, status=200, lists=None, extra=None):
    context = _element_context(request, assessment, element, form=form, lists=lists, extra=extra)
    return render(request, "assessments/element.html", context, status=status)


def _element_context(request, assessment, element, *, form=None, lists=None, extra=None) -> dict:
    workspace = workspace_for(assessment, request.user)
    context = _page_context(request, workspace, f"element-{element.number}")
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
    context.update(
        {
            "element": element,
            "row": row,
            "finding": finding,
            "form": form,
            "autosave_url": reverse("assessment_element_autosave", args=[assessment.pk, element.number]),
            "strengths": _list_context(
                request,
                assessment,
                StatementKind.STRENGTH,
                element,
                row.strengths,
                editable=workspace.editable,
                **lists.get(StatementKind.STRENGTH, {}),
            ),
            "areas": _list_context(
                request,
                assessment,
                StatementKind.AREA,
                element,
                row.areas,
                editable=workspace.editable,
                marked_none=bool(finding and finding.no_significant_areas),
                **lists.get(StatementKind.AREA, {}),
            ),
            "no_significant_areas": bool(finding and finding.no_significant_areas),
            "form_action": request.path,
            "user": request.user,
        }
    )
    context.update(extra or {})
    return context


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
                return _element_context(request, assessment, _element(assessment, number))

            return pagecache.render_page(
                request,
                "assessments/element.html",
                context,
                name="element",
                parts=(pk, number, request.user.access_fingerprint, request.path),
                topics=[pagecache.LISTS, pagecache.assessment_topic(pk)],
            )
        assessment = assessment_for_team(request.user, pk)
        element = _element(assessment, number)
        restored = _take_unsaved(request)
        editable = assessment.is_editable and request.user.is_assessor
        if restored and editable and restored["action"] == request.path:
            form = FindingForm(restored["data"])
            form.is_valid()
            extra = _restored_context(restored, used=True)
            return _render_element(request, assessment, element, form=form, extra=extra)
        lists = {}
        if restored and editable and restored["action"].endswith("/add/"):
            for kind in FINDING_KINDS:
                if f"/lists/{kind}/add/" in restored["action"]:
                    text = restored["data"].get(f"{kind}-add-text", "")
                    lists[kind] = {"add_form": ItemForm(prefix=f"{kind}-add", initial={"text": text})}
        extra = _restored_context(restored, used=bool(lists))
        return _render_element(request, assessment, element, lists=lists, extra=extra)

    assessment = assessment_for_editor(request.user, pk)
    element = _element(assessment, number)
    if not assessment.is_editable:
        messages.error(request, editing.read_only_reason(assessment) + " Nothing was changed.")
        return redirect(request.path)
    form = FindingForm(request.POST)
    if not form.is_valid():
        return _render_element(request, assessment, element, form=form)
    try:
        editing.finding_save(
            assessment=assessment,
            by=request.user,
            element=element,
            values={name: form.cleaned_data[name] for name in editing.FINDING_FIELDS},
            version=form.cleaned_data["version"],
        )
    except VersionConflict as conflict:
        form = FindingForm(_rebased(request.POST, conflict.version))
        form.is_valid()
        return _render_element(
            request,
            assessment,
            element,
            form=form,
            status=409,
            extra={"conflict": _conflict_context(conflict, request.user)},
        )
    except ValidationError as error:
        _add_model_errors(form, error)
        return _render_element(request, assessment, element, form=form)
    except EditError as error:
        form.add_error(None, str(error))
        return _render_element(request, assessment, element, form=form)
    return _after_save(request, assessment, f"element-{element.number}")


# Autosave -----------------------------------------------------------------------------------


def _json_error(kind: str, message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "kind": kind, "error": message, **extra}, status=status)


def _autosave(request: HttpRequest, assessment: Assessment, form_class, field: str, save) -> JsonResponse:
    """Validate one field, call `save(value, version)`, and answer in JSON for editor.js."""
    if not assessment.is_editable:
        return _json_error("read_only", editing.read_only_reason(assessment) + " Nothing was changed.", 409)
    form = autosave_form(form_class, field, request.POST)
    if not form.is_valid():
        errors = [str(error) for name in (field, "version") for error in form.errors.get(name, [])]
        message = " ".join(errors) or "The text could not be read. Nothing was saved."
        return _json_error("invalid", message, 400)
    try:
        version = save(form.cleaned_data[field], form.cleaned_data["version"])
    except VersionConflict as conflict:
        html = render_to_string(
            "assessments/_conflict.html",
            {"conflict": _conflict_context(conflict, request.user), "scripted": True},
            request,
        )
        return _json_error(
            "conflict",
            str(conflict),
            409,
            version=conflict.version,
            html=html,
            theirs=conflict.theirs.get(field),
        )
    except ReadOnlyError as error:
        return _json_error("read_only", str(error), 409)
    except ValidationError as error:
        return _json_error("invalid", " ".join(error.messages), 400)
    except EditError as error:
        return _json_error("invalid", str(error), 400)
    return JsonResponse({"ok": True, "version": version, "saved_at": f"{timezone.localtime():%H:%M}"})


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

    return _autosave(request, assessment, AUTOSAVE_FIELDS[field][1], field, save)


@require_POST
@editor_login_required(json=True, page=lambda pk, number: reverse("assessment_element", args=[pk, number]))
def assessment_element_autosave(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    """Save an element's narrative or its "no significant areas" mark as the assessor works."""
    assessment = assessment_for_editor(request.user, pk)
    element = _element(assessment, number)
    field = request.POST.get("field", "")
    if field not in editing.FINDING_FIELDS:
        raise Http404("No such field.")

    def save(value, version):
        finding = editing.finding_save(
            assessment=assessment, by=request.user, element=element, values={field: value}, version=version
        )
        return finding.version

    return _autosave(request, assessment, FindingForm, field, save)


# List items ---------------------------------------------------------------------------------


def _list_owner(assessment: Assessment, kind: str, number: int | None) -> Element | None:
    """The element a list belongs to (None for the assessment's own lists); 404 for no such list."""
    if kind not in StatementKind.values or (number is None) == (kind in FINDING_KINDS):
        raise Http404("No such list.")
    return _element(assessment, number) if number is not None else None


def _host_page(pk: int, kind: str, number: int | None = None) -> str:
    if number is not None:
        return reverse("assessment_element", args=[pk, number])
    section = "key_successes" if kind == StatementKind.KEY_SUCCESS else "minor_areas"
    return reverse("assessment_section", args=[pk, section])


@require_GET
@editor_login_required(page=lambda pk, kind, number=None: _host_page(pk, kind, number))
def statement_list(request: HttpRequest, pk: int, kind: str, number: int | None = None) -> HttpResponse:
    """One list's HTML, for htmx (a Cancel button); other requests go to the page it lives on."""
    assessment = assessment_for_team(request.user, pk)
    element = _list_owner(assessment, kind, number)
    if not request.htmx:
        return redirect(_host_url(assessment, kind, element))
    return _render_list(request, assessment, kind, element)


def _refuse_read_only(request, assessment, kind, element) -> HttpResponse | None:
    if assessment.is_editable:
        return None
    message = editing.read_only_reason(assessment) + " Nothing was changed."
    if request.htmx:
        return _render_list(request, assessment, kind, element, status=409, error=message)
    messages.error(request, message)
    return redirect(_host_url(assessment, kind, element))


@require_POST
@editor_login_required(page=lambda pk, kind, number=None: _host_page(pk, kind, number))
def statement_add(request: HttpRequest, pk: int, kind: str, number: int | None = None) -> HttpResponse:
    """Add an item to a list (at its end, or back in its place after an undo)."""
    assessment = assessment_for_editor(request.user, pk)
    element = _list_owner(assessment, kind, number)
    if refused := _refuse_read_only(request, assessment, kind, element):
        return refused
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
            error = " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
        else:
            if request.htmx:
                return _render_list(request, assessment, kind, element, focus=f"id_{kind}-add-text")
            messages.success(request, f"Added the {ITEM_NOUNS[kind]}.")
            return redirect(_host_url(assessment, kind, element))
    if request.htmx:
        return _render_list(
            request, assessment, kind, element, add_form=form, error=error, focus=f"id_{kind}-add-text"
        )
    overrides = {"add_form": form, "error": error}
    if element is not None:
        return _render_element(request, assessment, element, lists={kind: overrides})
    return _render_section(request, assessment, _section_of(kind), lists=overrides)


def _section_of(kind: str):
    return SECTIONS_BY_KEY["key_successes" if kind == StatementKind.KEY_SUCCESS else "minor_areas"]


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
        messages.info(request, gone)
        page = (
            HttpResponseClientRefresh() if request.htmx else redirect("assessment_overview", pk=assessment.pk)
        )
        return None, None, None, page
    kind, element = _item_list(statement)
    if refused := _refuse_read_only(request, assessment, kind, element):
        return None, None, None, refused
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
        restored = _take_unsaved(request)
        if restored:
            form = ItemEditForm(restored["data"], prefix=f"item-{statement.pk}")
            form.is_valid()
        else:
            form = ItemEditForm(
                prefix=f"item-{statement.pk}", initial={"text": statement.text, "version": statement.version}
            )
        if request.htmx:
            if not assessment.is_editable or not request.user.is_assessor:
                return _render_list(request, assessment, statement.kind, element)
            return _render_list(
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
    if refused := _refuse_read_only(request, assessment, kind, element):
        return refused
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
                _rebased(request.POST, problem.version, prefix=f"item-{statement.pk}"),
                prefix=f"item-{statement.pk}",
            )
            form.is_valid()
        except ItemGone:
            return _item_gone(request, assessment, form.cleaned_data["text"], kind, element)
        except (EditError, ValidationError) as problem:
            form.add_error(
                None, " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
            )
        else:
            if request.htmx:
                return _render_list(request, assessment, kind, element, focus=f"edit-{statement.pk}")
            messages.success(request, f"Saved the {ITEM_NOUNS[kind]}.")
            return redirect(_host_url(assessment, kind, element))
    if request.htmx:
        return _render_list(
            request,
            assessment,
            kind,
            element,
            status=status,
            edit_forms={statement.pk: form},
            conflict=_conflict_context(conflict, request.user) if conflict else None,
            focus=f"id_item-{statement.pk}-text",
        )
    return _render_item_page(request, assessment, statement, form, conflict=conflict, status=status)


def _render_item_page(request, assessment, statement, form, *, conflict=None, status=200, restored=None):
    _, element = _item_list(statement)
    editable = assessment.is_editable and request.user.is_assessor
    return render(
        request,
        "assessments/item_edit.html",
        {
            "assessment": assessment,
            "statement": statement,
            "element": element,
            "form": form,
            "editable": editable,
            "noun": ITEM_NOUNS[statement.kind],
            "title": LIST_TITLES[statement.kind],
            "host_url": _host_url(assessment, statement.kind, element),
            "conflict": _conflict_context(conflict, request.user) if conflict else None,
            "read_only_reason": "" if editable else editing.read_only_reason(assessment),
            **_restored_context(restored, used=editable),
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
        messages.error(request, message)
        return redirect("assessment_overview", pk=assessment.pk)
    add_form = ItemForm(prefix=f"{kind}-add", initial={"text": text})
    if request.htmx:
        return _render_list(request, assessment, kind, element, status=409, error=message, add_form=add_form)
    messages.error(request, message)
    overrides = {"add_form": add_form}
    if element is not None:
        return _render_element(request, assessment, element, lists={kind: overrides}, status=409)
    return _render_section(request, assessment, _section_of(kind), lists=overrides, status=409)


def _item_host(pk: int, item: int) -> str:
    statement = Statement.objects.filter(pk=item, assessment_id=pk).select_related("finding__element").first()
    if statement is None:
        return reverse("assessment_overview", args=[pk])
    number = statement.finding.element.number if statement.finding_id else None
    return _host_page(pk, statement.kind, number)


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
                return _render_list(request, assessment, kind, element, focus=f"undo-{kind}")
            messages.success(request, f"Deleted the {ITEM_NOUNS[kind]}.")
            return redirect(_host_url(assessment, kind, element))
    if request.htmx:
        return _render_list(request, assessment, kind, element, status=status, error=error)
    messages.error(request, error)
    return redirect(_host_url(assessment, kind, element))


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
        messages.error(request, "That item was not moved: an item moves up or down a place.")
        return HttpResponseClientRefresh() if request.htmx else redirect(_host_url(assessment, kind, element))
    direction = form.cleaned_data["direction"]
    editing.statement_move(assessment=assessment, by=request.user, item_id=statement.pk, direction=direction)
    if request.htmx:
        return _render_list(request, assessment, kind, element, focus=f"{direction}-{statement.pk}")
    return redirect(_host_url(assessment, kind, element))


# Submission ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_login_required
def assessment_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit for confirmation. GET shows what is still missing (each with a link to the page
    that fixes it); POST submits through services.assessment_submit."""
    if request.method == "GET":
        assessment = assessment_for_team(request.user, pk)
        workspace = workspace_for(assessment, request.user)
        return render(request, "assessments/submit.html", _submit_context(workspace))

    assessment = assessment_for_editor(request.user, pk)
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
