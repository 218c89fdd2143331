"""The self-evaluation's forms. They check what a form can (a field filled in, text not too
long); what may be stored is selfeval.services' and selfeval.files', which also check the
lengths of titles and links, so no maxlength attribute cuts a paste short."""

from django import forms

from assessments.forms import TextField, VersionedForm
from assessments.single_line import validate_single_line
from selfeval.files import ALLOWED, ALLOWED_DESCRIPTION
from selfeval.models import MAX_TEXT


class ElementTextForm(VersionedForm):
    text = TextField(
        label="The school's evaluation",
        max_length=MAX_TEXT,
        rows=14,
        widget=forms.Textarea(attrs={"rows": 14, "data-autosave": "", "spellcheck": "true", "lang": "en-GB"}),
        help_text="How well the school does on this element, in your own words, and what shows it. "
        "Leave a blank line between paragraphs. It is saved as you type.",
    )


def _title_field() -> forms.CharField:
    return forms.CharField(
        label="Title (optional)",
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "true", "lang": "en-GB"}),
        strip=True,
        validators=[validate_single_line],
        help_text="What the document is, as the assessor should see it: “Attendance figures 2025–26”.",
    )


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"{ALLOWED_DESCRIPTION}.",
        error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED)}),
    )
    title = _title_field()


class EvidenceLinkForm(forms.Form):
    url = forms.CharField(
        label="Web address",
        strip=True,
        error_messages={"required": "Enter the link's address."},
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )
    title = _title_field()
