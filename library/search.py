"""Searching the library (selectors): the statements for one list that match what the assessor
typed, best first. PostgreSQL ranks them by full-text search (to_tsvector('english', text),
served by the GIN index of migration 0002, each word a prefix, so "behav" finds "behaviour");
elsewhere (SQLite) a statement matches a word it contains, and ranks by how many of the words
it contains. Retired statements are never found. One query either way."""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from library.kinds import ELEMENT_KINDS
from library.models import LibraryStatement

# The most statements one search shows.
LIMIT = 10
MAX_QUERY_LENGTH = 200
_WORDS = re.compile(r"\w+")

PUNCTUATION_ONLY = "Type a word to search for: punctuation alone matches nothing."
TOO_LONG = f"Type a few words to search for (at most {MAX_QUERY_LENGTH} characters)."


class SearchRefused(Exception):
    """A search that cannot be run; str(error) says why."""


def query_words(query: str) -> list[str]:
    """The words of the query, lower case, each once, or SearchRefused when there are none."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchRefused(TOO_LONG)
    words = list(dict.fromkeys(word.lower() for word in _WORDS.findall(query) if word.strip("_")))
    if not words:
        raise SearchRefused(PUNCTUATION_ONLY)
    return words[:12]


def candidates(*, kind: str, element=None):
    """The current statements for a list: its kind, and for an element's list that element's
    statements or those for any element (the element's own first)."""
    statements = LibraryStatement.objects.current().filter(kind=kind)
    if kind in ELEMENT_KINDS and element is not None:
        statements = statements.filter(Q(element=element) | Q(element__isnull=True))
    return statements


def search(query: str, *, kind: str, element=None, limit: int = LIMIT) -> list[LibraryStatement]:
    """The statements for the list that match the query, best first (SearchRefused for a query
    with no words)."""
    words = query_words(query)
    statements = candidates(kind=kind, element=element)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("text", config="english")
        # Each word a prefix; the words are \w+ only, so the raw query cannot be malformed.
        wanted = SearchQuery(" | ".join(f"{word}:*" for word in words), config="english", search_type="raw")
        statements = (
            statements.annotate(document=vector)
            .filter(document=wanted)
            .annotate(rank=SearchRank(vector, wanted))
        )
    else:
        matches = Q()
        score = Value(0)
        for word in words:
            matches |= Q(text__icontains=word)
            score = score + Case(When(text__icontains=word, then=Value(1)), default=Value(0))
        statements = statements.filter(matches).annotate(rank=Coalesce(score, 0, output_field=IntegerField()))
    own_element = Case(
        When(element__isnull=False, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return list(statements.order_by(F("rank").desc(), own_element.desc(), "-uses", "pk")[:limit])
