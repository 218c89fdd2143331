"""A list's rows written as HTML, every cell escaped: what django.utils.html.format_html_join
writes, at a quarter of its cost.

The pages that write their rows in Python rather than in the template (the director's lists,
the Overdue list) spend most of that time in Django's escaping: format_html runs each cell
through conditional_escape and escape, each behind keep_lazy's check of every argument for a
lazy string. Here a cell that is already safe (has __html__: a SafeString, a format_html
result) goes in as it is, and any other is made a string and escaped by html.escape — what
conditional_escape does, without the wrappers.
"""

import html
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe


def escaped(value) -> str:
    """A cell's HTML: as it is if already safe (has __html__), else made a string and escaped,
    as conditional_escape gives it, without its wrapper for lazy strings."""
    safe = getattr(value, "__html__", None)
    return safe() if safe is not None else html.escape(str(value))


def join_rows(template: str, rows: Iterable[Iterable]) -> SafeString:
    """Each row's cells formatted into `template` ("{}" a cell), escaped unless already safe,
    and the rows joined: format_html_join("", template, rows), the same HTML."""
    return mark_safe("".join(template.format(*map(escaped, row)) for row in rows))  # noqa: S308 - every cell is escaped above
