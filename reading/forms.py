"""The second reading's forms: they check the input's shape; reading.services applies the rules."""

from django import forms

from assessments.kinds import VisitKind
from reading.services import MAX_COMMENT_LENGTH


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("The text contains a NUL character, which cannot be stored.")
    return value


class CommentForm(forms.Form):
    """A comment on a part of the letter, on words of it (quoted, or by their offsets), perhaps
    with the text the reader suggests in their place."""

    part = forms.ChoiceField(label="Part of the letter")
    quote = forms.CharField(
        label="The words you comment on (optional)",
        required=False,
        strip=False,
        help_text="Copy them from the text; leave empty to comment on the whole part.",
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "en-GB"}),
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true", "lang": "en-GB"}),
    )
    suggestion = forms.CharField(
        label="Suggested text (optional)",
        required=False,
        strip=False,
        max_length=MAX_COMMENT_LENGTH,
        help_text="The words you would put in place of those quoted, or of the whole part.",
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "en-GB"}),
    )

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [(part.key, part.label) for part in parts]

    def clean_text(self):
        return _no_nul(self.cleaned_data["text"])

    def clean_quote(self):
        return _no_nul(self.cleaned_data["quote"])

    def clean_suggestion(self):
        return _no_nul(self.cleaned_data["suggestion"])


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "en-GB"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why you reject it",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "en-GB"}),
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why the report may be confirmed without its second reading",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true", "lang": "en-GB"}),
    )


class RuleForm(forms.Form):
    first_reports = forms.IntegerField(
        label="Read every lead assessor's first reports, this many", min_value=0, max_value=100
    )
    kinds = forms.ModelMultipleChoiceField(
        label="Read every report of these kinds of visit",
        queryset=VisitKind.objects.order_by("position", "name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    percentage = forms.IntegerField(
        label="Of the other reports, read this share, drawn at random (per cent)", min_value=0, max_value=100
    )
