"""URLs under /accounts/2fa/: two-factor sign-in."""

from django.urls import path

from accounts import two_factor

urlpatterns = [
    path("", two_factor.two_factor_settings, name="two_factor_settings"),
    path("setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("backup-codes/", two_factor.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("disable/", two_factor.two_factor_disable, name="two_factor_disable"),
]
