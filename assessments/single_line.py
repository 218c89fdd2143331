"""One-line text: a name, a title, a school's addressed name, a heading. It may not hold a line
break, a tab or any other control character — they break the letter's layout, an email's
headers and the pages that print it, and are invisible where they were pasted from.

The rule is the models': `protect_model_fields` adds `validate_single_line` to every CharField of
the project's models (as Django adds its MaxLengthValidator, so no migration), which the admin
and every ModelForm run through `full_clean`. Plain forms add it to their one-line fields, and
the JSON imports check it with `single_line_problem`."""

import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError

# C0 and C1 controls (line feed, carriage return, tab, NUL, escape, …) and the Unicode line and
# paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

MESSAGE = (
    "This must be a single line without {what} (an invisible character, often pasted from "
    "another program). Remove it and save again."
)


def _described(character: str) -> str:
    if character in "\r\n\u2028\u2029":
        return "line breaks"
    if character == "\t":
        return "tabs"
    return f"control characters such as U+{ord(character):04X} ({unicodedata.name(character, 'a control')})"


def single_line_problem(value: str) -> str:
    """What makes the text unfit for a one-line field ("" when nothing does)."""
    found = _CONTROL.search(value or "")
    return MESSAGE.format(what=_described(found.group())) if found else ""


def validate_single_line(value) -> None:
    """Validator for one-line fields: raises ValidationError for any control character."""
    if isinstance(value, str) and (problem := single_line_problem(value)):
        raise ValidationError(problem, code="control_characters")


def _is_project_model(model, base_dir: Path) -> bool:
    from django.apps import apps

    path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
    return base_dir in path.parents and "site-packages" not in path.parts


def protect_model_fields(base_dir: Path) -> None:
    """Give every CharField of the models whose app lives under `base_dir` (the project's apps,
    not Django's or third parties') the single-line validator."""
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if not _is_project_model(model, base_dir):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)
