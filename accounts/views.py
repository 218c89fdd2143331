"""Signing in and out, and the home page, which depends on the user's role."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.forms import ResetForm, SignInForm
from accounts.throttling import clear_sign_in_locks, client_ip, password_reset_refusal


class SignInView(auth_views.LoginView):
    """Django's sign-in page, styled; after signing in it goes to `next` (or home)."""

    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only), with a message on the sign-in page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response


class ResetPasswordView(auth_views.PasswordResetView):
    """Django's password reset request, limited per email address and per client
    (accounts.throttling.password_reset_refusal): the form again with the reason, 429."""

    form_class = ResetForm

    def form_valid(self, form):
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


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page, which depends on their role."""
    user = request.user
    if user.is_assessor:
        from assessments.views import assessor_home

        return assessor_home(request)
    if user.is_director:
        from assessments.views import director_home

        return director_home(request)
    if user.is_headteacher:
        from schools.views import headteacher_portal

        return headteacher_portal(request)
    return render(request, "accounts/home.html")
