"""Forms of the continuity pages. They check what was typed; continuity.services makes the change
(and refuses again whatever a form let through)."""

from django import forms

from assessments import limits
from assessments.forms import MAX_VERSION, TextField
from continuity.models import MAX_SHORT, Progress

PROGRESS_INVALID = (
    "“%(value)s” is not a progress state: choose met, partly met or not met. Nothing was saved."
)


def _short(label: str, **kwargs) -> TextField:
    return TextField(label=label, max_length=MAX_SHORT, widget=forms.TextInput, **kwargs)


class ProgressRadios(forms.RadioSelect):
    """Radios whose label (the error summary's link) is their fieldset (_progress_radios.html)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


def _progress() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Progress",
        choices=[("", "Not recorded yet"), *Progress.choices],
        required=False,
        widget=ProgressRadios,
        error_messages={"invalid_choice": PROGRESS_INVALID},
    )


def _comment() -> TextField:
    return TextField(label="Comment", max_length=limits.MAX_ITEM_LENGTH, rows=3)


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)


def _position() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class _Required:
    """A form whose `required_text` field refuses text of spaces alone."""

    required_text = ""
    required_message = ""

    def clean(self):
        data = super().clean()
        text = data.get(self.required_text)
        if text is not None and not text.strip():
            self.add_error(self.required_text, self.required_message)
        return data


class ProgressForm(forms.Form):
    """Progress on one carried item and a comment."""

    progress = _progress()
    comment = _comment()
    version = _version()


class TargetForm(_Required, forms.Form):
    required_text = "text"
    required_message = "A target needs some text: this one is only spaces."

    text = TextField(
        label="Target",
        max_length=limits.MAX_ITEM_LENGTH,
        required=True,
        rows=2,
        error_messages={"required": "A target needs some text."},
    )
    lead = _short("Who leads it")
    by_when = _short("By when", help_text="For example “July 2027”.")
    position = _position()


class TargetEditForm(TargetForm):
    version = _version()
    position = None


class ProjectForm(_Required, forms.Form):
    required_text = "title"
    required_message = "The project's title needs some text: this one is only spaces."

    title = _short(
        "Title of the research project",
        required=True,
        error_messages={"required": "The project needs a title."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class StepForm(_Required, forms.Form):
    required_text = "step"
    required_message = "A step needs some text: this one is only spaces."

    step = TextField(
        label="Key step",
        max_length=limits.MAX_ITEM_LENGTH,
        required=True,
        rows=2,
        error_messages={"required": "A step needs some text."},
    )
    responsible = _short("Who is responsible")
    timeline = _short("Timeline")
    position = _position()


class StepEditForm(StepForm):
    progress = _progress()
    comment = _comment()
    version = _version()
    position = None


LABELS = {
    "progress": "Progress",
    "comment": "Comment",
    "text": "Target",
    "lead": "Who leads it",
    "by_when": "By when",
    "title": "Title",
    "step": "Key step",
    "responsible": "Who is responsible",
    "timeline": "Timeline",
}
