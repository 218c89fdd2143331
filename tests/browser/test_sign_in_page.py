"""The sign-in page works in a real browser and passes axe-core's WCAG 2.2 AA checks."""

import pytest

from tests.browser.conftest import axe_violations, sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sign_in_page_is_accessible_and_signs_in(page, live_server, lead):
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    sign_in(page, live_server, lead.username)
    assert page.url.rstrip("/") == live_server.url
    assert "Sign out" in page.content()
