"""Addresses of many objects of one kind on a page, built once: reversing a URL pattern for
every row of a long list (or every page of the editor's navigation) is a measurable part of
its render, so the pattern is reversed once with a marker in the key's place and the key is
put in for each row."""

from collections.abc import Callable

from django.urls import reverse

# A number no object's key is near (and a valid slug), stood in for the key while the pattern
# is reversed.
_MARKER = 918273645546372819


def reversed_once(name: str, *before) -> Callable[[int | str], str]:
    """A function from a key to the address of the URL pattern `name` with the arguments
    `before` and then the key: the same address `reverse(name, args=[*before, key])` gives, the
    pattern reversed once. An integer key is written as an integer; a string key must be one of
    the project's own slugs (the editor's section keys), never user text."""
    head, tail = reverse(name, args=[*before, _MARKER]).rsplit(str(_MARKER), 1)
    return lambda key: f"{head}{int(key) if isinstance(key, int) else key}{tail}"
