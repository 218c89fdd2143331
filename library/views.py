"""The library's pages. Directors: the statements (add, edit, retire, tag), the statements used
often in confirmed letters (adopt one), the project word list. Assessors: the search from a
list's new item (JSON for the combobox of static/js/library.js; a page of its own without a
script, whose buttons insert), and the count of a use. Thin views: an access helper, a form, a
service, a redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import director_required
from assessments import editing
from assessments.access import assessment_for_editor, assessment_for_team
from assessments.editing import EditError
from assessments.forms import TextField
from assessments.views.kit import element_of, host_url, problem_text, read_only_message
from library import access, search, selectors, services
from library.forms import StatementForm, WordForm
from library.kinds import ELEMENT_KINDS, LETTER_KINDS, ListKind
from library.models import LibraryStatement, ProjectWord, Theme

PAGE_SIZE = 50


# Directors: the statements -------------------------------------------------------------------


@director_required
@require_safe
def statement_list(request: HttpRequest) -> HttpResponse:
    """The library's statements, by list, a page at a time; retired ones on request."""
    kind = request.GET.get("kind", "")
    theme = request.GET.get("theme", "")
    show_retired = request.GET.get("retired") == "1"
    statements = LibraryStatement.objects.select_related("element__framework").prefetch_related("themes")
    if kind in ListKind.values:
        statements = statements.filter(kind=kind)
    if theme:
        statements = statements.filter(themes__name=theme)
    if not show_retired:
        statements = statements.current()
    page = Paginator(statements.order_by("kind", "element__number", "text", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "library/statement_list.html",
        {
            "page": page,
            "kinds": ListKind.choices,
            "kind": kind,
            "themes": Theme.objects.order_by("name"),
            "theme": theme,
            "show_retired": show_retired,
        },
    )


def _save_statement(request, form: StatementForm, statement: LibraryStatement | None):
    data = form.cleaned_data
    fields = {name: data[name] for name in ("kind", "text", "element")}
    fields["themes"] = data["themes"] or ""
    try:
        if statement is None:
            return services.statement_add(by=request.user, **fields)
        return services.statement_edit(statement=statement, by=request.user, **fields)
    except (services.LibraryError, ValidationError) as error:
        form.add_error(None, problem_text(error) if isinstance(error, ValidationError) else str(error))
        return None


@director_required
@require_http_methods(["GET", "POST"])
def statement_add(request: HttpRequest) -> HttpResponse:
    """Write a statement for the library."""
    form = StatementForm(
        request.POST if request.method == "POST" else None, initial={"kind": ListKind.STRENGTH}
    )
    if request.method == "POST" and form.is_valid() and _save_statement(request, form, None) is not None:
        messages.success(request, "The statement is in the library.")
        return redirect("library_statement_list")
    return render(
        request,
        "library/statement_form.html",
        {"form": form, "statement": None},
        status=_status(request, form),
    )


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@director_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a statement's list, element, text or themes: letters that used it keep their text."""
    statement = access.statement_for_director(request.user, pk)
    if request.method == "POST":
        form = StatementForm(request.POST)
        if form.is_valid() and _save_statement(request, form, statement) is not None:
            messages.success(
                request, "The statement is saved. Letters that used it keep the text they were given."
            )
            return redirect("library_statement_list")
    else:
        form = StatementForm(
            initial={
                "kind": statement.kind,
                "element": statement.element_id,
                "text": statement.text,
                "themes": ", ".join(theme.name for theme in statement.themes.all()),
            }
        )
    return render(
        request,
        "library/statement_form.html",
        {"form": form, "statement": statement},
        status=_status(request, form),
    )


@director_required
@require_POST
def statement_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire a statement (or bring it back): kept, hidden from search."""
    statement = access.statement_for_director(request.user, pk)
    if request.POST.get("restore"):
        services.statement_restore(statement=statement, by=request.user)
        messages.success(request, "The statement is back in the library's search.")
    else:
        services.statement_retire(statement=statement, by=request.user)
        messages.success(
            request, "The statement is retired: kept, and no longer found by search. Letters keep their text."
        )
    return redirect("library_statement_edit", pk=statement.pk)


@director_required
@require_safe
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """The list items used often in confirmed letters, not yet in the library, to adopt."""
    found = selectors.suggestions()
    labels = dict(ListKind.choices)
    return render(
        request,
        "library/suggestions.html",
        {
            "suggestions": [(s, labels.get(s.kind, s.kind)) for s in found],
            "min_schools": selectors.MIN_SCHOOLS,
        },
    )


@director_required
@require_POST
def suggestion_adopt(request: HttpRequest) -> HttpResponse:
    """Adopt one suggested statement into the library, with one click."""
    field = TextField(max_length=10_000, required=True)
    try:
        text = field.clean(request.POST.get("text", ""))
        statement = services.statement_adopt(by=request.user, kind=request.POST.get("kind", ""), text=text)
    except (services.LibraryError, ValidationError) as error:
        messages.error(request, problem_text(error) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, "The statement is adopted into the library.")
        return redirect("library_statement_edit", pk=statement.pk)
    return redirect("library_suggestion_list")


# Directors: the word list ----------------------------------------------------------------------


@director_required
@require_http_methods(["GET", "POST"])
def word_list(request: HttpRequest) -> HttpResponse:
    """The project's word list, and a form to add a word."""
    form = WordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.word_add(by=request.user, word=form.cleaned_data["word"])
        except services.LibraryError as error:
            form.add_error("word", str(error))
        else:
            messages.success(request, f"“{form.cleaned_data['word'].strip()}” is on the word list.")
            return redirect("library_word_list")
    return render(
        request,
        "library/words.html",
        {"form": form, "words": ProjectWord.objects.order_by("word")},
        status=_status(request, form),
    )


@director_required
@require_POST
def word_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a word off the word list."""
    word = access.word_for_director(request.user, pk)
    services.word_remove(word=word, by=request.user)
    messages.success(request, f"“{word.word}” is off the word list.")
    return redirect("library_word_list")


# Assessors: search and insert ------------------------------------------------------------------


def _list_of(assessment, request_data) -> tuple[str, object]:
    """The list a search is for, from ?kind= (the key areas of success when not given) and
    ?element= (an element's number): (kind, element); 404 for no such list."""
    kind = request_data.get("kind") or ListKind.KEY_SUCCESS
    if kind not in ListKind.values:
        raise Http404("No such list.")
    number = request_data.get("element", "")
    if kind in ELEMENT_KINDS:
        if not number.isdigit():
            raise Http404("No such element.")
        return kind, element_of(assessment, int(number))
    return kind, None


def _back(assessment, kind: str, element) -> str:
    if kind in LETTER_KINDS:
        return host_url(assessment, kind, element)
    return reverse("continuity_targets", args=[assessment.pk]) + "#rows-targets"


@require_safe
def library_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The statements for one list that match ?q=: JSON for the combobox (?format=json), a page
    with Insert buttons otherwise."""
    if not request.user.is_authenticated:
        if request.GET.get("format") == "json":
            return JsonResponse(
                {"results": [], "message": "Sign in again to search the library."}, status=401
            )
        return redirect(f"{reverse('login')}?next={request.get_full_path()}")
    assessment = assessment_for_team(request.user, pk)
    kind, element = _list_of(assessment, request.GET)
    query = request.GET.get("q", "")
    results, message = [], ""
    if query.strip():
        try:
            results = search.search(query, kind=kind, element=element)
        except search.SearchRefused as refusal:
            message = str(refusal)
    elif request.GET.get("format") == "json" or "q" in request.GET:
        message = "Type a word or two to search for."
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "id": s.pk,
                        "text": s.text,
                        "use_url": reverse("library_use", args=[assessment.pk, s.pk]),
                    }
                    for s in results
                ],
                "message": message,
            }
        )
    return render(
        request,
        "library/search.html",
        {
            "assessment": assessment,
            "kind": kind,
            "kind_label": ListKind(kind).label,
            "element": element,
            "query": query,
            "results": results,
            "message": message,
            "searched": bool(query.strip()) and not message,
            "editable": editing.can_edit(assessment, request.user),
            "back": _back(assessment, kind, element),
        },
    )


@require_POST
def library_insert(request: HttpRequest, pk: int, statement: int) -> HttpResponse:
    """Insert a statement without a script: at the end of one of the letter's lists (then the
    assessor edits it there), or, for a target, onto the targets page's own form, filled in."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={reverse('library_search', args=[pk])}")
    assessment = assessment_for_editor(request.user, pk)
    kind, element = _list_of(assessment, request.POST)
    found = access.statement_for_insert(statement)
    if found.kind != kind:
        raise Http404("No such statement for this list.")
    back = _back(assessment, kind, element)
    if kind not in LETTER_KINDS:
        if not editing.can_edit(assessment, request.user):
            messages.error(request, read_only_message(assessment))
            return redirect(back)
        services.statement_use(statement=found)
        return render(
            request,
            "library/insert_target.html",
            {
                "assessment": assessment,
                "statement": found,
                "add_url": reverse("continuity_targets_add", args=[assessment.pk]),
                "back": back,
            },
        )
    try:
        services.statement_insert(statement=found, assessment=assessment, by=request.user, element=element)
    except (EditError, ValidationError, services.LibraryError) as problem:
        messages.error(
            request, problem_text(problem) if not isinstance(problem, services.LibraryError) else str(problem)
        )
    else:
        messages.success(request, "The statement is inserted at the end of the list: edit it as you wish.")
    return redirect(back)


@require_POST
def library_use(request: HttpRequest, pk: int, statement: int) -> HttpResponse:
    """Count a use of a statement the combobox inserted into a field (204, no content)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    assessment = assessment_for_editor(request.user, pk)
    found = access.statement_for_insert(statement)
    if editing.can_edit(assessment, request.user):
        services.statement_use(statement=found)
    return HttpResponse(status=204)
