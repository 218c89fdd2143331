"""The forms of the evidence log and the factual check. They read and tidy what was typed; the
rules (who, when, which targets) are factcheck.services'."""

from django import forms

from assessments.models import Element
from assessments.single_line import validate_single_line


class MeetingForm(forms.Form):
    group = forms.CharField(
        label="Whom the assessors met",
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "true", "lang": "en-GB"}),
        validators=[validate_single_line],
        help_text="For example “Year 6 pupils” or “Governors”.",
        error_messages={"required": "Say whom the assessors met."},
    )
    number = forms.IntegerField(
        label="How many people (optional)",
        required=False,
        min_value=1,
        max_value=10000,
        error_messages={"invalid": "Enter the number of people as a whole number."},
    )
    element = forms.ModelChoiceField(
        label="Element it was mostly about (optional)",
        queryset=Element.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of this framework's elements, or none."},
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = assessment.framework.elements.order_by("number")
        self.fields["element"].label_from_instance = lambda e: f"Element {e.number} – {e.title}"


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Document seen",
        max_length=300,
        widget=forms.TextInput(attrs={"spellcheck": "true", "lang": "en-GB"}),
        validators=[validate_single_line],
        help_text="For example “The SEND policy”.",
        error_messages={"required": "Name the document."},
    )


class SendForm(forms.Form):
    deadline = forms.DateField(
        label="Deadline for the school's answer",
        required=False,  # empty: five working days from today (services.default_deadline)
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": "Enter the deadline as a date, for example 2026-12-10.",
        },
    )


class CommentForm(forms.Form):
    # A plain choice of targets: which of them the letter has is the service's rule, so a
    # target that does not exist reaches it and is refused with its message.
    target = forms.CharField(
        label="The part of the letter",
        widget=forms.Select,
        error_messages={"required": "Choose the part of the letter."},
    )
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true", "lang": "en-GB"}),
        max_length=5000,
        error_messages={"required": "Write the comment."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = [("", "Choose…"), *choices]


class AnswerForm(forms.Form):
    changed = forms.TypedChoiceField(
        label="Did you change the letter?",
        choices=[("yes", "Yes, the letter is changed"), ("no", "No, the letter stays as it is")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the letter was changed."},
    )
    text = forms.CharField(
        label="What was changed, or why nothing was",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true", "lang": "en-GB"}),
        max_length=5000,
        error_messages={"required": "Say what was changed, or why nothing was."},
    )
