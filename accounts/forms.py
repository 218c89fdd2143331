"""Sign-in forms: Django's, with the attributes that let browsers and password managers help."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core import validators


class SignInForm(AuthenticationForm):
    """Django's sign-in form with labels and autocomplete hints."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "The username and password do not match an account. Both are case-sensitive; "
            "check Caps Lock, or reset your password below."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the username's max_length after the field is made, so it is not checked:
        # an over-long username would reach authenticate() and django-axes, whose log column
        # holds 255 characters (a 500 on PostgreSQL). Check it, with the usual message.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ResetForm(PasswordResetForm):
    """Django's password reset form, with an autocomplete hint."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="The address IQM has for you. If it has an account, we send it a link to choose a new password.",
    )
