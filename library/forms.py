"""Forms of the library's pages. They validate what was typed; library.services makes the change."""

from crispy_forms.helper import FormHelper
from django import forms

from assessments import limits
from assessments.forms import TextField
from assessments.models import Element
from library.kinds import ListKind
from library.models import MAX_WORD_LENGTH


class ElementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, element: Element) -> str:
        return f"{element.framework}: Element {element.number} - {element.title}"


class StatementForm(forms.Form):
    """A statement: its list, its element (a strength or area's, or any), its text, its themes."""

    kind = forms.ChoiceField(label="For the list", choices=ListKind.choices)
    element = ElementChoiceField(
        label="Element",
        queryset=Element.objects.select_related("framework").order_by("framework_id", "number"),
        required=False,
        empty_label="Any element (or not an element's list)",
        help_text="Only a strength or an area for development belongs to an element.",
    )
    text = TextField(label="Statement", max_length=limits.MAX_ITEM_LENGTH, required=True, rows=4)
    themes = TextField(
        label="Themes",
        max_length=500,
        rows=1,
        widget=forms.TextInput,
        help_text="Separate themes with commas: “attendance, wellbeing”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class WordForm(forms.Form):
    """A word for the project's word list."""

    word = TextField(
        label="Word",
        max_length=MAX_WORD_LENGTH,
        required=True,
        widget=forms.TextInput,
        help_text="One word, as it is written: “SENDCo”, “KS4”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
