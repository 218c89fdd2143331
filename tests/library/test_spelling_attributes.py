"""The browser's own spelling checker, in British English, on every field where people write:
every textarea of every app's forms and templates (a read-only one excepted, and an address,
whose checker is off on purpose), and the one-line fields of the editor's text
(assessments.forms.TextField)."""

import importlib
import inspect
import pathlib
import re

from django import forms

from assessments.forms import TextField

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name != "bench"))


def _forms():
    for app in APPS:
        if (ROOT / app / "forms.py").exists():
            module = importlib.import_module(f"{app}.forms")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _fields(cls):
    return getattr(cls, "base_fields", {}).items()


def test_every_textarea_of_the_forms_has_the_british_spelling_checker():
    missing = []
    for cls in _forms():
        for name, field in _fields(cls):
            attrs = field.widget.attrs | field.widget_attrs(field.widget)
            prose = isinstance(field.widget, forms.Textarea) or isinstance(field, TextField)
            # An address is names, not prose: its checker is switched off on purpose.
            off = attrs.get("spellcheck") == "false"
            if (
                prose
                and not off
                and not field.widget.is_hidden
                and (attrs.get("spellcheck"), attrs.get("lang")) != ("true", "en-GB")
            ):
                missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert missing == []


def test_every_textarea_of_the_templates_has_it():
    missing = []
    for path in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<textarea[^>]*>", path.read_text()):
            if "readonly" not in tag and not ('spellcheck="true"' in tag and 'lang="en-GB"' in tag):
                missing.append(f"{path.relative_to(ROOT)}: {tag}")
    assert missing == []
