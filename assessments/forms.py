"""Forms of the assessor's editor. They validate what was typed; the services in
assessments/editing.py make the change.

Text is kept exactly as typed: no stripping, and only line endings are normalised (browsers
send a textarea's newlines as CR LF, scripts as LF; both mean the same text).
"""

from django import forms
from django.core import validators

from assessments import limits
from assessments.editing import MAX_ITEM_LENGTH, MAX_TEXT_LENGTH
from assessments.models import Outcome
from assessments.single_line import validate_single_line

# Versions and positions are 32-bit integers in the database.
MAX_VERSION = 2**31 - 1

NUL_MESSAGE = (
    "This text contains a NUL character (an invisible control character, often pasted from "
    "another program), which cannot be stored. Remove it and save again."
)


class TextField(forms.CharField):
    """A CharField that keeps every character typed, normalises line endings, refuses NUL with
    a clear message and says how long too-long text is."""

    def __init__(self, *, max_length: int, required: bool = False, rows: int = 8, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, required=required, strip=False, **kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, validators.ProhibitNullCharactersValidator)
        ]
        self.validators.insert(0, validators.ProhibitNullCharactersValidator(message=NUL_MESSAGE))

    def widget_attrs(self, widget):
        # No maxlength attribute: a browser would cut a long paste short without saying so.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        if not widget.is_hidden:
            # People write prose here: the browser's own spelling checker, in British English.
            attrs.setdefault("spellcheck", "true")
            attrs.setdefault("lang", "en-GB")
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def run_validators(self, value):
        # A NUL makes every other message pointless; say only that.
        if value and "\x00" in value:
            raise forms.ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
        if value and self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                f"This text is {len(value):,} characters long; the most allowed is {self.max_length:,}. "
                "Shorten it or split it, then save again. Nothing was saved.",
                code="max_length",
            )
        super().run_validators(value)


def paragraphs_field(label: str, help_text: str = "", rows: int = 12) -> TextField:
    """A field of paragraphs that editor.js saves as the assessor types (data-autosave)."""
    return TextField(
        label=label,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": rows, "data-autosave": "", "spellcheck": "true", "lang": "en-GB"}
        ),
        help_text=help_text
        or "Leave a blank line between paragraphs. *Words between asterisks* print in italics.",
    )


class VersionedForm(forms.Form):
    """A form that carries the version its edit started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example 14/07/2026."


def date_field(label: str, **kwargs) -> forms.DateField:
    """An optional date, typed or picked, between assessments.limits.EARLIEST_DATE and ten years
    from today."""
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        validators=[limits.check_date],
        **kwargs,
    )


class DetailsForm(VersionedForm):
    visit_start = date_field("First day of the visit")
    visit_end = date_field(
        "Last day of the visit", help_text="The same as the first day for a one-day visit."
    )
    letter_date = date_field("Date of the letter")

    def clean(self):
        data = super().clean()
        start, end = data.get("visit_start"), data.get("visit_end")
        if start and end and end < start:
            self.add_error("visit_end", "The last day of the visit cannot be before the first day.")
        return data


class SummaryForm(VersionedForm):
    summary = paragraphs_field(
        "Summary",
        "It opens the letter and is repeated at its end. Leave a blank line between paragraphs.",
        rows=16,
    )


class ContextForm(VersionedForm):
    context = paragraphs_field(
        "Context of the school and sources of data",
        "Number on roll, local authority, the school's setting, specific issues known. "
        "Leave a blank line between paragraphs.",
    )


class EvidenceForm(VersionedForm):
    evidence = paragraphs_field(
        "Portfolio and other supporting evidence",
        "What you read, who you interviewed, what you observed. Leave a blank line between paragraphs.",
    )


class OutcomeForm(VersionedForm):
    """The outcome, the years to the next visit and the recommendation. Its words as a kind of
    visit says them come from for_kind(): a Centre of Excellence review's form speaks of its
    next annual review, not of a reassessment."""

    outcome = forms.ChoiceField(
        label="Successful",
        choices=Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reassessment_years = forms.IntegerField(
        label="Years to the next visit",
        required=False,
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "The interval is between 1 and 10 years.",
            "max_value": "The interval is between 1 and 10 years.",
            "invalid": "Give the number of years as a whole number, for example 3.",
        },
    )
    recommendation = paragraphs_field("Recommendation", rows=6)

    def for_kind(self, kind) -> "OutcomeForm":
        """The form with the kind's words (outcome_words) on its fields; returns it."""
        words = outcome_words(kind)
        self.fields["reassessment_years"].label = words["interval_label"]
        self.fields["reassessment_years"].help_text = words["interval_help"]
        self.fields["recommendation"].help_text = words["recommendation_help"]
        # A form already validated keeps its bound fields, labels and all: let them be made again.
        self._bound_fields_cache.clear()
        return self


def _article(words: str) -> str:
    return "an" if words[:1].upper() in "AEIOU" else "a"


def _award(level) -> str:
    """ "the Inclusive School Award", "the Centre of Excellence award"."""
    return f"the {level.name}" if level.name.endswith("Award") else f"the {level.name} award"


def outcome_words(kind) -> dict[str, str]:
    """The outcome page's words for a kind of visit, read from its row and its award level's:
    the interval's label and help, and an example recommendation. A kind that renews the award
    the school holds (a review) keeps it; any other kind awards it."""
    level = kind.award_level
    years = kind.default_interval_years
    in_years = f"{years} year’s" if years == 1 else f"{years} years’"
    renews = kind.requires_level_id is not None and kind.requires_level_id == level.pk
    if renews:
        example = (
            f"I am of the opinion that the school continues to meet the standard of {_award(level)} "
            f"… I recommend that the school keeps {_award(level)} and has its next {level.renewal} in "
            f"{in_years} time."
        )
    else:
        example = (
            f"I am of the opinion that the school fully meets the standard required by {_award(level)} "
            f"… I recommend that the school be awarded {_award(level)} and have its next {level.renewal} "
            f"in {in_years} time."
        )
    return {
        "interval_label": f"Next {level.renewal} in (years)",
        "interval_help": f"Usually {years} for {_article(kind.name)} {kind.name}.",
        "recommendation_help": f"For example: “{example}”",
    }


SECTION_FORMS = {
    "details": DetailsForm,
    "summary": SummaryForm,
    "context": ContextForm,
    "evidence": EvidenceForm,
    "outcome": OutcomeForm,
}


class FindingForm(VersionedForm):
    narrative = paragraphs_field("Narrative", rows=14)
    no_significant_areas = forms.BooleanField(
        label="There are no significant areas for development.",
        required=False,
        help_text="Tick this instead of listing areas for development.",
        # The checkbox sits under the list of areas, outside the <form>; it still belongs to it.
        # editor.js reloads the list of areas once the mark is saved (data-refresh).
        widget=forms.CheckboxInput(
            attrs={"form": "finding-form", "data-autosave": "", "data-refresh": "#list-area"}
        ),
    )

    # How a sentence names a field whose label is a sentence itself (field_label).
    short_labels = {"no_significant_areas": "“No significant areas for development”"}


class ItemForm(forms.Form):
    """A new list item."""

    text = TextField(
        label="Text",
        max_length=MAX_ITEM_LENGTH,
        required=True,
        rows=3,
        error_messages={"required": "A list item needs some text."},
    )
    # Where to put it (1 = first); set when a deleted item is put back.
    position = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("A list item needs some text: this one is only spaces.", code="blank")
        return text


class ItemEditForm(ItemForm):
    """A list item's new text, with the version it started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
    position = None


class ItemDeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)


class ItemMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


# Themed sections (assessments.sections) ------------------------------------------------------

# The longest heading and attribution (assessments.sections.MAX_HEADING_LENGTH and
# MAX_ATTRIBUTION_LENGTH; that module cannot be imported here before the app registry is ready).
MAX_HEADING_LENGTH = 300
MAX_ATTRIBUTION_LENGTH = 300


class HeadingField(TextField):
    """A one-line text kept exactly as typed, refused when empty or only spaces."""

    def __init__(self, *, label: str, max_length: int, required: bool, blank_message: str = "", **kwargs):
        super().__init__(
            label=label, max_length=max_length, required=required, widget=forms.TextInput, **kwargs
        )
        self.validators.append(validate_single_line)
        self.blank_message = blank_message

    def validate(self, value):
        super().validate(value)
        if self.blank_message and value and not value.strip():
            raise forms.ValidationError(self.blank_message, code="blank")


def heading_field() -> HeadingField:
    return HeadingField(
        label="Heading",
        max_length=MAX_HEADING_LENGTH,
        required=True,
        error_messages={"required": "A section needs a heading."},
        blank_message="A section needs a heading: this one is only spaces.",
        help_text="As the letter prints it, for example “Provision Wrapped Around the Child”.",
    )


class SectionAddForm(forms.Form):
    """A new themed section: its heading and, if already written, its narrative."""

    heading = heading_field()
    narrative = TextField(
        label="Narrative (optional)",
        max_length=MAX_TEXT_LENGTH,
        rows=4,
        help_text="You can write it later on the section's own page.",
    )


class SectionForm(VersionedForm):
    """A themed section's heading and narrative, with the version the edit started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
    heading = heading_field()
    narrative = paragraphs_field("Narrative", rows=14)


class QuotationForm(forms.Form):
    """A new quotation printed after a section's narrative."""

    text = TextField(
        label="Quotation",
        max_length=MAX_ITEM_LENGTH,
        required=True,
        rows=3,
        error_messages={"required": "A quotation needs some text."},
    )
    attribution = HeadingField(
        label="Who said it (optional)",
        max_length=MAX_ATTRIBUTION_LENGTH,
        required=False,
        help_text="For example “A pupil in Year 5”.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("A quotation needs some text: this one is only spaces.", code="blank")
        return text


# Autosave: one field of a page, with the version the page holds.
AUTOSAVE_FIELDS = {
    "summary": ("summary", SummaryForm),
    "context": ("context", ContextForm),
    "evidence": ("evidence", EvidenceForm),
    "recommendation": ("outcome", OutcomeForm),
}


# Every form of the editor whose fields a message may name (field_label).
EDITOR_FORMS = (*SECTION_FORMS.values(), FindingForm, ItemEditForm, SectionForm)


def field_label(name: str) -> str:
    """The label of an editor field as its form gives it (a form's `short_labels` for a label
    that is a sentence), for messages that name the field: "Your summary" in the conflict panel."""
    for form_class in EDITOR_FORMS:
        if name in form_class.base_fields:
            return getattr(form_class, "short_labels", {}).get(name) or form_class.base_fields[name].label
    return name


def autosave_form(form_class: type[forms.Form], field: str, data) -> forms.Form:
    """A form with only `field` and version, taken from `form_class`, bound to `data`."""
    form = form_class(data)
    form.fields = {name: form.fields[name] for name in ("version", field)}
    return form
