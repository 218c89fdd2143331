"""The sent-email list's filters."""

from django import forms

from outbox.selectors import category_choices, status_choices


class EmailFilterForm(forms.Form):
    """Which emails to list: by status and by kind; empty means any."""

    status = forms.ChoiceField(label="Status", required=False)
    category = forms.ChoiceField(label="Kind", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices()
        self.fields["category"].choices = category_choices()
