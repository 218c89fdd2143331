"""The form of a cluster meeting. Forms validate input; clusters.services acts."""

from crispy_forms.helper import FormHelper
from django import forms

from assessments import limits
from assessments.single_line import validate_single_line
from clusters.models import MAX_NOTES_LENGTH, MAX_PLACE_LENGTH, MAX_TITLE_LENGTH
from schools.models import School


class SchoolsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.name}, {obj.town}" if obj.town else obj.name


class MeetingForm(forms.Form):
    """A meeting's date, place or online, title, notes and the schools that attended."""

    date = forms.DateField(
        label="Date of the meeting",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[limits.check_date],
        error_messages={
            "required": "Give the date of the meeting.",
            "invalid": "Give the date as a real date.",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=MAX_TITLE_LENGTH,
        required=False,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"spellcheck": "true", "lang": "en-GB"}),
    )
    place = forms.CharField(
        label="Place",
        max_length=MAX_PLACE_LENGTH,
        required=False,
        validators=[validate_single_line],
        help_text="Where the meeting takes place; leave it blank for a meeting held only online.",
    )
    online = forms.BooleanField(label="The meeting takes place online", required=False)
    notes = forms.CharField(
        label="Notes",
        max_length=MAX_NOTES_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true", "lang": "en-GB"}),
    )
    schools = SchoolsField(
        label="Schools that attended",
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.order_by("name", "postcode")
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes the <form>, its error summary and its buttons

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("place") or "").strip() and not data.get("online") and "place" not in self.errors:
            self.add_error("place", "Give the place of the meeting, or say that it takes place online.")
        return data
