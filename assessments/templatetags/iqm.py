"""Template filters shared by the pages and the letter."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from assessments import dates

register = template.Library()

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")


@register.simple_tag(takes_context=True)
def unsaved_owner(context) -> str:
    """{% unsaved_owner %} in an editor form: a hidden field naming, signed, the user the form
    is for, so text it carries after the session ended is shown back to them only
    (assessments.unsaved)."""
    from assessments import unsaved

    request = context.get("request")
    token = unsaved.owner_token(getattr(request, "user", None))
    if not token:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', unsaved.FIELD, token)


@register.simple_tag
def visit_dates(assessment) -> str:
    """{% visit_dates assessment %} → "14–15 July 2010" (the pages' style; the letter has its own)."""
    return dates.plain_date_range(assessment.visit_start, assessment.visit_end)


def inline_text(text: str) -> SafeString:
    """Escape the text, then turn *words* into italics and single newlines into line breaks."""
    html = escape(text.strip())
    html = _EMPHASIS.sub(r"<em>\1</em>", html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - escaped above


def plain_text(text: str) -> str:
    """The text without its markup, for a label or a legend: *words* lose their asterisks and
    line breaks become spaces."""
    return " ".join(_EMPHASIS.sub(r"\1", text or "").split())


@register.filter
def plain(text: str) -> str:
    """{{ item.text|plain }}: the text as a label reads it, with no markup (plain_text)."""
    return plain_text(text)


@register.filter
def inline(text: str) -> SafeString:
    """{{ item.text|inline }}: one list item or line, escaped, with italics and line breaks."""
    return inline_text(text or "")


@register.filter
def paragraphs(text: str) -> list[SafeString]:
    """{% for p in assessment.summary|paragraphs %}<p>{{ p }}</p>{% endfor %}: the text split at
    blank lines, each paragraph escaped as by `inline`."""
    return [inline_text(part) for part in _PARAGRAPH_BREAK.split(text or "") if part.strip()]
