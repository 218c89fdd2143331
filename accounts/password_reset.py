"""Password reset: Django's views, with the request limited per email address and per client,
and a new password ending the account's sign-in locks (accounts.throttling)."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from accounts.forms import ResetForm
from accounts.throttling import clear_sign_in_locks, client_ip, password_reset_refusal


class ResetPasswordView(auth_views.PasswordResetView):
    """Django's password reset request, limited per email address and per client
    (accounts.throttling.password_reset_refusal): the form again with the reason, 429."""

    form_class = ResetForm

    def form_valid(self, form):
        # The link in the email starts with SITE_URL, never the request's Host header, which
        # whoever asks for the reset chooses.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        refusal = password_reset_refusal(email=form.cleaned_data["email"], client=client_ip(self.request))
        if refusal:
            form.add_error(None, refusal)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page; a new password chosen there ends the account's
    sign-in locks, so the lockout page can truthfully point to it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_sign_in_locks(form.user)
        return response
