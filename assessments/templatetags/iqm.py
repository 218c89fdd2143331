"""Template filters shared by the pages and the letter."""

import re

from django import template
from django.utils.html import conditional_escape, escape, format_html
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


def _attributes(attrs: dict) -> SafeString:
    """django.forms.utils.flatatt's HTML attributes (True: the name alone; False and None: left
    out), each value escaped, without its per-attribute format_html (a third of a field's cost)."""
    html = "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )
    return mark_safe(html)  # noqa: S308 - escaped above; the names are the form's own


@register.filter
def editor_field(field) -> SafeString:
    """{{ form.narrative|editor_field }}: a field as crispy-forms' `as_crispy_field` draws it with
    the bootstrap5 pack (label, widget, help text), written out here for the editor's unbound
    textareas and checkboxes: crispy's templates cost about a millisecond a field, and the
    element page has four. Anything else — a bound form (which may carry errors), another
    widget — goes to crispy itself. tests/assessments/test_editor_field.py holds the two to the
    same HTML; {{ form.version|editor_field }} draws a hidden field as {{ form.version }} does."""
    from django.forms import CheckboxInput, HiddenInput, Textarea

    widget = field.field.widget
    kind = type(widget)
    if (
        field.form.is_bound
        or kind not in (Textarea, CheckboxInput, HiddenInput)
        or field.field.disabled
        or not field.auto_id
    ):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    if kind is HiddenInput:  # crispy draws it as {{ field }}: Django's input, no label
        attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({}))
        attrs["id"] = field.auto_id
        value = widget.format_value(field.value())
        shown = format_html(' value="{}"', value) if value is not None else ""
        return format_html('<input type="hidden" name="{}"{}{}>', field.html_name, shown, _attributes(attrs))
    checkbox = kind is CheckboxInput
    # crispy's class for the widget (its class name, then bootstrap's), as CrispyFieldNode adds it.
    own = widget.attrs.get("class", "")
    name_class = "checkboxinput" if checkbox else "textarea"
    css = f"{own} {name_class}" if own and name_class not in own else own or name_class
    css += " form-check-input" if checkbox else " form-control"
    attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({"class": css}))
    attrs["id"] = field.auto_id
    value = widget.format_value(field.value())
    required = field.field.required
    label = field.label
    asterisk = SafeString('<span class="asteriskField">*</span>') if required else ""
    # Help text is the form's own words, which crispy marks safe too.
    help_text = mark_safe(field.help_text)  # noqa: S308 - the form's text, not the user's
    help_html = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, help_text)
        if help_text
        else ""
    )
    if checkbox:
        if widget.check_test(field.value()):
            attrs["checked"] = True
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check"><input type="checkbox" name="{}"{}{}>'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
            field.auto_id,
            field.html_name,
            format_html(' value="{}"', value) if value is not None else "",
            _attributes(attrs),
            field.id_for_label,
            " requiredField" if required else "",
            label,
            asterisk,
            help_html,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        '<textarea name="{}"{}>\n{}</textarea>{}</div>',
        field.auto_id,
        field.id_for_label,
        " requiredField" if required else "",
        label,
        asterisk,
        field.html_name,
        _attributes(attrs),
        value or "",
        help_html,
    )


# An item of a list on the editor's pages (templates/assessments/_list.html), as read (not being
# edited): its number, its text and, for those who may edit, its Edit link and its move and
# delete forms. Written here rather than in the template: a list of forty items drew forty
# copies of thirty variables through the template engine, the slowest part of an element page.
_ITEM_TEXT = (
    '<span class="item-number" aria-hidden="true">{number}.</span>\n<div class="item-text">{text}</div>'
)
_ITEM_ACTIONS = (
    '\n<div class="item-actions">\n'
    '<a class="btn btn-sm btn-outline-secondary" id="edit-{pk}" href="{edit_url}"'
    ' data-hx-get="{edit_url}" data-hx-target="#list-{kind}" data-hx-swap="outerHTML">'
    'Edit<span class="visually-hidden"> {noun} {number}</span></a>\n'
    '<form method="post" action="{move_url}"'
    ' data-hx-post="{move_url}" data-hx-target="#list-{kind}" data-hx-swap="outerHTML">\n'
    "{csrf}\n"
    '<button type="submit" class="btn btn-sm btn-outline-secondary" name="direction" value="up"'
    ' id="up-{pk}"{up_disabled}><span aria-hidden="true">↑</span>'
    '<span class="visually-hidden">Move {noun} {number} up</span></button>\n'
    '<button type="submit" class="btn btn-sm btn-outline-secondary" name="direction" value="down"'
    ' id="down-{pk}"{down_disabled}><span aria-hidden="true">↓</span>'
    '<span class="visually-hidden">Move {noun} {number} down</span></button>\n'
    "</form>\n"
    '<form method="post" action="{delete_url}"'
    ' data-hx-post="{delete_url}" data-hx-target="#list-{kind}" data-hx-swap="outerHTML">\n'
    "{csrf}\n"
    '<input type="hidden" name="version" value="{version}">\n'
    '<button type="submit" class="btn btn-sm btn-outline-danger">'
    'Delete<span class="visually-hidden"> {noun} {number}</span></button>\n'
    "</form>\n"
    "</div>"
)


@register.simple_tag(takes_context=True)
def list_items(context, list_context: dict) -> SafeString:
    """{% list_items l %}: the list's items (list_context's rows), each an <li>: as read
    (_ITEM_TEXT), with its actions (_ITEM_ACTIONS) when the list is editable, or, for the item
    being edited, its form (templates/assessments/_list_item_form.html). Every value is
    escaped here (the ids, versions and numbers are integers), the list's own values once."""
    from django.template.defaulttags import CsrfTokenNode

    editable = list_context["editable"]
    shared = {
        "kind": escape(list_context["kind"]),
        "noun": escape(list_context["noun"]),
        # The page's own token ({% csrf_token %}'s, or pagecache's placeholder for it).
        "csrf": CsrfTokenNode().render(context) if editable else "",
    }
    lines = []
    for number, row in enumerate(list_context["rows"], start=1):
        item = row["item"]
        if row["form"] is not None:
            template = context.template.engine.get_template("assessments/_list_item_form.html")
            with context.push(row=row, number=number):
                html = template.render(context)
        else:
            html = _ITEM_TEXT.format(number=number, text=inline_text(item.text or ""))
            if editable:
                html += _ITEM_ACTIONS.format(
                    pk=int(item.pk),
                    number=number,
                    version=int(item.version),
                    edit_url=escape(row["edit_url"]),
                    move_url=escape(row["move_url"]),
                    delete_url=escape(row["delete_url"]),
                    up_disabled=" disabled" if row["first"] else "",
                    down_disabled=" disabled" if row["last"] else "",
                    **shared,
                )
        lines.append(f'<li class="statement-item" id="item-{int(item.pk)}">\n{html}\n</li>\n')
    # Every value escaped above; an edited item's form by its template.
    return mark_safe("".join(lines))  # noqa: S308


# The editor's navigation (templates/assessments/_pages_nav.html): one line a page, its link and
# its mark — nothing in it yet, complete, or still to do — in words for a screen reader.
_NAV_MARKS = {
    "empty": '<span class="nothing-yet" title="Nothing in it yet"><span aria-hidden="true">–</span>'
    '<span class="visually-hidden"> (nothing in it yet)</span></span>',
    "done": '<span class="done" title="Complete"><span aria-hidden="true">✓</span>'
    '<span class="visually-hidden"> (complete)</span></span>',
    "todo": '<span class="todo" title="Still to do"><span aria-hidden="true">•</span>'
    '<span class="visually-hidden"> (still to do)</span></span>',
}
_NAV_ITEM = '<li class="d-flex justify-content-between gap-2{current}">\n<a href="{url}"{aria}>{label}</a>\n{mark}\n</li>\n'


@register.simple_tag
def pages_nav_items(pages, current=None) -> SafeString:
    """{% pages_nav_items workspace.pages page %}: the navigation's line for each page
    (workspace.Page), the current one marked; written here rather than as a template loop, which
    cost as much as the rest of the navigation twenty times over. Labels and addresses escaped."""
    current_key = getattr(current, "key", None)
    lines = []
    for page in pages:
        here = current_key is not None and page.key == current_key
        if page.empty and not page.missing:
            mark = _NAV_MARKS["empty"]
        else:
            mark = _NAV_MARKS["done"] if page.complete else _NAV_MARKS["todo"]
        lines.append(
            _NAV_ITEM.format(
                current=" current" if here else "",
                url=escape(page.url),
                aria=' aria-current="page"' if here else "",
                label=escape(page.nav_label),
                mark=mark,
            )
        )
    return mark_safe("".join(lines))  # noqa: S308 - every value escaped above
