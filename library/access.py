"""Who may see what in the library, in one place: its statements and word list are the
directors' to curate (anyone else: 404); assessors reach statements through an assessment they
work on (assessments.access)."""

from django.http import Http404

from library.models import LibraryStatement, ProjectWord


def statement_for_director(user, pk: int) -> LibraryStatement:
    """The statement, for a director; 404 for anyone else or an unknown statement."""
    statement = (
        LibraryStatement.objects.filter(pk=pk).select_related("element__framework").first()
        if user.is_authenticated and user.is_director
        else None
    )
    if statement is None:
        raise Http404("No such statement.")
    return statement


def word_for_director(user, pk: int) -> ProjectWord:
    """The word-list entry, for a director; 404 for anyone else or an unknown entry."""
    word = ProjectWord.objects.filter(pk=pk).first() if user.is_authenticated and user.is_director else None
    if word is None:
        raise Http404("No such word.")
    return word


def statement_for_insert(pk: int) -> LibraryStatement:
    """A current statement an assessor may insert; 404 for a retired or unknown one."""
    statement = LibraryStatement.objects.current().filter(pk=pk).first()
    if statement is None:
        raise Http404("No such statement.")
    return statement
