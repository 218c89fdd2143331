"""The library's writes: directors curate statements (add, edit, retire, tag, adopt one used
often in confirmed letters) and the project word list; an assessor's insertion counts a use.

Inserting copies the statement's text into the letter (assessments.editing.statement_add, the
same path as typing it): the letter keeps the text, never a link to the statement."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessments import editing, limits
from assessments.models import Assessment, Element
from library import selectors
from library.kinds import ELEMENT_KINDS, LETTER_KINDS, ListKind
from library.models import MAX_THEME_LENGTH, MAX_WORD_LENGTH, LibraryStatement, ProjectWord, Source, Theme


class LibraryError(Exception):
    """A change that was not made; str(error) says why, in words for the user."""


_MARKUP = re.compile(r"[<>&\"{}\[\]\\/=]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")


def _check_statement(*, kind: str, element: Element | None, text: str) -> None:
    if kind not in ListKind.values:
        raise LibraryError("Choose the list the statement is for.")
    if not text.strip():
        raise LibraryError(
            "A statement needs some text: this one is empty or only spaces. Nothing was saved."
        )
    if "\x00" in text:
        raise LibraryError(
            "The statement contains a NUL character, which cannot be stored. Nothing was saved."
        )
    problem = limits.length_problem(text, limits.MAX_ITEM_LENGTH, "The statement")
    if problem:
        raise LibraryError(problem)
    if element is not None and kind not in ELEMENT_KINDS:
        raise LibraryError(
            "Only a strength or an area for development belongs to an element: leave the element empty. "
            "Nothing was saved."
        )


def theme_names(text: str) -> list[str]:
    """The themes typed as "attendance, wellbeing": each once, in order (LibraryError for one
    that is too long or holds markup)."""
    names = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if len(name) > MAX_THEME_LENGTH:
            raise LibraryError(
                f"A theme may have at most {MAX_THEME_LENGTH} characters: “{name[:40]}…” has more."
            )
        if _MARKUP.search(name):
            raise LibraryError(f"A theme is a word or a few: “{name}” holds markup or symbols.")
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names


def _set_themes(statement: LibraryStatement, names: list[str]) -> None:
    themes = []
    for name in names:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        themes.append(theme)
    statement.themes.set(themes)


@transaction.atomic
def statement_add(
    *,
    by,
    kind: str,
    text: str,
    element: Element | None = None,
    themes: str = "",
    source: str = Source.WRITTEN,
) -> LibraryStatement:
    """Add a statement to the library; returns it."""
    _check_statement(kind=kind, element=element, text=text)
    names = theme_names(themes)
    statement = LibraryStatement(kind=kind, element=element, text=text, source=source, created_by=by)
    statement.full_clean()
    statement.save()
    _set_themes(statement, names)
    return statement


@transaction.atomic
def statement_edit(
    *, statement: LibraryStatement, by, kind: str, text: str, element: Element | None = None, themes: str = ""
) -> LibraryStatement:
    """Change a statement's list, element, text or themes. No letter changes: letters keep the
    text they were given."""
    _check_statement(kind=kind, element=element, text=text)
    names = theme_names(themes)
    locked = LibraryStatement.objects.select_for_update().get(pk=statement.pk)
    locked.kind, locked.element, locked.text = kind, element, text
    locked.full_clean()
    locked.save()
    _set_themes(locked, names)
    return locked


@transaction.atomic
def statement_retire(*, statement: LibraryStatement, by) -> LibraryStatement:
    """Retire a statement: kept, and hidden from search. Letters that used it keep their text."""
    locked = LibraryStatement.objects.select_for_update().get(pk=statement.pk)
    if locked.retired_at is None:
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at", "updated_at"])
    return locked


@transaction.atomic
def statement_restore(*, statement: LibraryStatement, by) -> LibraryStatement:
    """Bring a retired statement back into search."""
    locked = LibraryStatement.objects.select_for_update().get(pk=statement.pk)
    if locked.retired_at is not None:
        locked.retired_at = None
        locked.save(update_fields=["retired_at", "updated_at"])
    return locked


def statement_use(*, statement: LibraryStatement) -> None:
    """Count one use of a statement (an assessor inserted it)."""
    LibraryStatement.objects.filter(pk=statement.pk).update(uses=F("uses") + 1)


@transaction.atomic
def statement_insert(
    *, statement: LibraryStatement, assessment: Assessment, by, element: Element | None = None
):
    """Insert a statement's text at the end of one of the letter's lists (its kind) and count the
    use; returns the list item. The editing service's refusals (read-only, a full list …)
    are raised as they are, and then nothing is counted."""
    if statement.retired or statement.kind not in LETTER_KINDS:
        raise LibraryError("This statement cannot be inserted here. Nothing was added.")
    if (statement.kind in ELEMENT_KINDS) != (element is not None):
        raise LibraryError("This statement belongs to another list. Nothing was added.")
    item = editing.statement_add(
        assessment=assessment, by=by, kind=statement.kind, element=element, text=statement.text
    )
    statement_use(statement=statement)
    return item


@transaction.atomic
def statement_adopt(*, by, kind: str, text: str) -> LibraryStatement:
    """Add to the library a statement used often in confirmed letters (selectors.suggestions),
    as a director chose to; refused for text that is not one of them."""
    found = next(
        (s for s in selectors.suggestions() if s.kind == kind and s.text == text),
        None,
    )
    if found is None:
        raise LibraryError(
            "That statement is no longer among those used often in confirmed letters, or is already in "
            "the library. Nothing was added."
        )
    element = Element.objects.filter(pk=found.element_id).first() if found.element_id else None
    return statement_add(by=by, kind=kind, text=text, element=element, source=Source.ADOPTED)


def word_problem(word: str) -> str:
    """Why a word-list entry is refused, as a sentence; "" when it is not."""
    if not word.strip():
        return "Type the word to add."
    if len(word) > MAX_WORD_LENGTH:
        return f"A word may have at most {MAX_WORD_LENGTH} characters."
    if _MARKUP.search(word):
        return "Give the word alone, without markup or symbols (<, >, &, quotation marks, slashes)."
    if any(char.isspace() for char in word.strip()):
        return "Give one word at a time, without spaces: add “Key Stage” as two entries, or as “KS4”."
    if not _WORD.fullmatch(word.strip()):
        return "A word starts with a letter and holds only letters, digits, hyphens and apostrophes."
    return ""


@transaction.atomic
def word_add(*, by, word: str) -> ProjectWord:
    """Add a word to the project's word list; returns it (the existing one if it is there,
    whatever its case)."""
    problem = word_problem(word)
    if problem:
        raise LibraryError(problem + " Nothing was added.")
    word = word.strip()
    existing = ProjectWord.objects.filter(word__iexact=word).first()
    if existing is not None:
        return existing
    entry = ProjectWord(word=word, added_by=by)
    try:
        entry.full_clean()
    except ValidationError as error:
        raise LibraryError(" ".join(error.messages)) from error
    entry.save()
    return entry


@transaction.atomic
def word_remove(*, word: ProjectWord, by) -> None:
    """Take a word off the project's word list."""
    ProjectWord.objects.filter(pk=word.pk).delete()
