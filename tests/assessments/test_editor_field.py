"""The editor_field filter draws a field as crispy-forms' as_crispy_field does: the same
elements, attributes and text (whitespace between tags aside)."""

import lxml.html
import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

from assessments.forms import FindingForm, ItemEditForm, ItemForm
from assessments.templatetags.iqm import editor_field


def tree(html: str):
    """The fragment as (tag, attributes, text, children), whitespace-only text dropped and the
    rest collapsed (except a textarea's, which is its value)."""

    def walk(element):
        text = element.text or ""
        if element.tag != "textarea":
            text = " ".join(text.split())
        children = [walk(child) for child in element]
        tails = [" ".join((child.tail or "").split()) for child in element]
        return (element.tag, dict(element.attrib), text, children, [t for t in tails if t])

    return [walk(element) for element in lxml.html.fragments_fromstring(html.strip())]


def same(field) -> None:
    ours = str(editor_field(field))
    theirs = str(as_crispy_field(field))
    assert tree(ours) == tree(theirs), (ours, theirs)


@pytest.mark.parametrize(
    "initial",
    [
        {},
        {
            "version": 3,
            "narrative": "Some <b>text</b> & “quotes”\n\nTwo paragraphs.",
            "no_significant_areas": False,
        },
        {"version": 4, "narrative": "", "no_significant_areas": True},
        {"version": 5, "narrative": "\nStarts with a newline"},
    ],
)
def test_it_draws_the_finding_form_as_crispy_does(initial):
    form = FindingForm(initial=initial)
    same(form["narrative"])
    same(form["no_significant_areas"])


def test_it_draws_a_new_item_field_with_its_label_as_crispy_does():
    form = ItemForm(prefix="strength-add", initial={"text": "A <kept> text"})
    form.fields["text"].label = "New strength & more"
    same(form["text"])
    edit = ItemEditForm(prefix="item-3", initial={"text": "Old", "version": 2})
    same(edit["text"])


def test_a_bound_form_goes_to_crispy_with_its_errors():
    form = FindingForm({"version": "x", "narrative": "a\x00b"})
    assert not form.is_valid()
    assert str(editor_field(form["narrative"])) == str(as_crispy_field(form["narrative"]))
    assert "is-invalid" in str(editor_field(form["narrative"]))


def test_it_draws_a_hidden_field_as_django_does():
    for field in (
        FindingForm(initial={"version": 7})["version"],
        FindingForm()["version"],
        ItemForm(prefix="area-add")["position"],
        ItemForm(prefix="area-add", initial={"position": 3})["position"],
        ItemEditForm(prefix="item-3", initial={"text": "Old", "version": 2})["version"],
    ):
        assert str(editor_field(field)) == str(field)
        same(field)
