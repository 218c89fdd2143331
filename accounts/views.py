"""Signing in and out, and the home page, which depends on the user's role."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.forms import SignInForm
from accounts.homes import home_view_for
from accounts.two_factor import two_factor_status


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


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page, which depends on their role."""
    view = home_view_for(request.user)
    if view is not None:
        return view(request)
    return render(request, "accounts/home.html")


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: who they are, and the way to their password, two-factor
    sign-in and the emails they get (linked from their name in the navigation bar)."""
    return render(request, "accounts/account.html", {"two_factor": two_factor_status(request.user)})
