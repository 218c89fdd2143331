"""Forms for the director's pages: scheduling a visit, assigning assessors, returning,
confirming and reopening. Forms validate input; the services in assessments.services act."""

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import Role, User
from assessments import limits
from assessments.kinds import ReportStructure, VisitKind
from assessments.models import Framework
from schools.models import School


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, its error summary and its buttons
    return helper


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.email})" if obj.email else str(obj)


class AssessorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def _assessors():
    return User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("last_name", "first_name")


class TeamForm(forms.Form):
    """The lead assessor and the co-assessors."""

    lead_assessor = AssessorChoiceField(queryset=_assessors(), empty_label="Choose the lead assessor")
    co_assessors = AssessorsChoiceField(
        queryset=_assessors(), required=False, widget=forms.CheckboxSelectMultiple, label="Co-assessors"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_assessor"].queryset = _assessors()
        self.fields["co_assessors"].queryset = _assessors()
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        lead, co = data.get("lead_assessor"), data.get("co_assessors")
        if lead is not None and co and lead in co:
            self.add_error("co_assessors", "The lead assessor cannot also be a co-assessor.")
        return data


class ScheduleForm(TeamForm):
    """A new visit: the school, the framework, the kind of assessment, the dates and the team."""

    school = forms.ModelChoiceField(queryset=School.objects.all(), empty_label="Choose a school")
    framework = forms.ModelChoiceField(queryset=Framework.objects.all(), empty_label=None)
    kind = forms.ModelChoiceField(
        queryset=VisitKind.objects.filter(active=True),
        to_field_name="code",
        empty_label=None,
        label="Kind of visit",
        help_text="It decides the award the visit confirms, the years until the next one and the letter's words.",
    )
    report_structure = forms.ChoiceField(
        label="How the report is organised",
        choices=[("", "As the kind of visit suggests"), *ReportStructure.choices],
        required=False,
        help_text="Flagship visits are usually reported in themed sections, the others element by element.",
    )
    remote = forms.BooleanField(label="The visit takes place online", required=False)
    visit_start = forms.DateField(
        label="First day of the visit",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        validators=[limits.check_date],
    )
    visit_end = forms.DateField(
        label="Last day of the visit",
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        validators=[limits.check_date],
        help_text="The same as the first day for a one-day visit. Leave both empty if not yet fixed.",
    )

    override_reason = forms.CharField(
        label="Reason to go ahead although the award rules say no",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true", "lang": "en-GB"}),
        help_text=(
            "Only when the kind of visit needs an award the school does not hold, or the school "
            "already has a visit open; the history records it."
        ),
    )

    field_order = [
        "school",
        "framework",
        "kind",
        "report_structure",
        "visit_start",
        "visit_end",
        "remote",
        "lead_assessor",
        "co_assessors",
        "override_reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = VisitKind.objects.filter(active=True)
        current = Framework.objects.filter(is_current=True).first()
        if current is not None:
            self.fields["framework"].initial = current.pk

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("visit_start"), data.get("visit_end")
        if start and not end and "visit_end" not in self.errors:
            data["visit_end"] = start
        elif end and not start:
            self.add_error("visit_start", "Give the first day of the visit too.")
        elif start and end and end < start:
            self.add_error("visit_end", "The visit cannot end before it starts.")
        return data


class ReturnForm(forms.Form):
    """Returning a submitted assessment: what the assessors should change."""

    comment = forms.CharField(
        label="What should the assessors change?",
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true", "lang": "en-GB"}),
        help_text="The assessors see this on their home page and in an email.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ConfirmForm(forms.Form):
    """Confirming names the version the director read, so a change made since is not confirmed
    unread."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    """Reopening a confirmed assessment as a new revision: what needs correcting."""

    reason = forms.CharField(
        label="What needs correcting?",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true", "lang": "en-GB"}),
        help_text="The assessors see this on the new draft and in an email.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
