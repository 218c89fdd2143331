"""Forms for schools and their headteachers' logins. Forms validate; services act."""

from crispy_forms.helper import FormHelper
from django import forms

from accounts.models import User
from schools.models import School
from schools.services import username_for_email


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, its error summary and its buttons
    return helper


class SchoolForm(forms.ModelForm):
    """A school's details as the letters print them."""

    class Meta:
        model = School
        fields = [
            "name",
            "addressed_name",
            "address_lines",
            "town",
            "county",
            "postcode",
            "local_authority",
            "phase",
            "number_on_roll",
            "headteacher_title",
            "headteacher_name",
        ]
        labels = {
            "name": "Name of the school",
            "addressed_name": "Name as the letter addresses it",
            "address_lines": "Street address",
            "headteacher_title": "Headteacher's title",
            "headteacher_name": "Headteacher's name",
        }
        widgets = {
            "address_lines": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})
        }  # names, not prose

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SchoolSearchForm(forms.Form):
    """The search box of the schools list."""

    q = forms.CharField(label="Search by name, town or postcode", required=False, max_length=100)


class HeadteacherLoginForm(forms.Form):
    """A new headteacher login for a school. The username is the email address."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(
        max_length=150, help_text="The headteacher receives a link here to choose their password."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError("Another user already has this email address.")
        if User.objects.filter(username__iexact=username_for_email(email)).exists():
            raise forms.ValidationError(
                f"Another user already has the username {username_for_email(email)}, which this "
                "address would sign in with. Use another address, or ask an administrator."
            )
        return email


class SchoolUserInviteForm(forms.Form):
    """A colleague the headteacher invites (schools.staff.school_user_invite, which refuses an
    email address another user already has). The username is made from the email address."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(
        max_length=150, help_text="Your colleague receives a link here to choose their password."
    )
    job_title = forms.CharField(max_length=200, required=False, help_text="For example: Inclusion Lead")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
