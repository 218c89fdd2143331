"""Logs never hold passwords, one-time codes or session keys."""

import contextlib
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.views.debug import SafeExceptionReporterFilter


@pytest.mark.django_db
def test_signing_in_wrongly_and_rightly_logs_no_password_or_session_key(client, lead, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/accounts/login/", {"username": lead.username, "password": "S3cret-wrong-pass"})
    client.post("/accounts/login/", {"username": lead.username, "password": "correct horse battery staple"})
    session_key = client.session.session_key
    assert session_key
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "S3cret-wrong-pass" not in logged
    assert "correct horse battery staple" not in logged
    assert session_key not in logged


@pytest.mark.django_db
def test_error_reports_hide_the_password_and_the_code(rf):
    from django.contrib.auth.views import LoginView

    from accounts.two_factor import two_factor_verify

    for view, field, secret in (
        (LoginView.as_view(), "password", "hunter2-password"),
        (two_factor_verify, "token", "123456"),
    ):
        request = rf.post("/", {field: secret, "username": "someone"})
        request.user = AnonymousUser()
        request._dont_enforce_csrf_checks = True
        # The decorator marks the request as the view starts; what the view does next with an
        # anonymous request without a session does not matter here.
        with contextlib.suppress(Exception):
            view(request)
        cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
        assert cleaned[field] != secret
