"""Every page the app serves is valid HTML, by the Nu HTML checker (vnu): the access matrix's
pages for every role that may open them, the htmx fragments inside a page of their own, and the
error pages. The pages are gathered through the test client, then checked with one start of the
checker (tests/vnu.py: skipped with the reason without Java or `npm ci`, failed with CI=true).
The demo too, as each of its users clicks through it from their home page."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.crossing.test_access_matrix import (
    HEADERS,
    MATRIX,
    POST_DATA,
    ROLES,
    _client,
    _request,
    expand,
    world,  # noqa: F401 -- the access matrix's fixture: one of every kind of object
)
from tests.vnu import html_errors, java

pytestmark = pytest.mark.django_db

FRAGMENT = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>'
    "<body>\n{body}\n</body></html>\n"
)


def _as_document(name: str, html: str) -> str:
    """A page as it is; an htmx fragment inside a page of its own, so it is checked too."""
    if html.lstrip()[:15].lower() == "<!doctype html>":
        return html
    return FRAGMENT.format(name=name, body=html)


def _pages(w) -> dict[str, str]:
    """The HTML of every page of the matrix that answers 200, once per role that may open it
    (a page's words differ by role); POSTs too, where a form answers with its messages."""
    pages = {}
    clients = {role: _client(w.users[role]) for role in ROLES}
    for index, (name, kwargs, method, answers) in enumerate(MATRIX):
        url = reverse(name, kwargs=kwargs(w))
        for role, expected in zip(ROLES, expand(answers), strict=True):
            if expected not in (200, "ok"):
                continue
            response, _ = _request(clients[role], method, url, name)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            key = f"{index:03d}-{name}-{method}-{role}"
            pages[key] = _as_document(key, response.content.decode())
    assert POST_DATA and HEADERS  # the rows are sent as the access matrix sends them
    return pages


def _error_pages() -> dict[str, str]:
    request = RequestFactory().get("/nowhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return {
        f"error-{code}": render_to_string(f"{code}.html", {}, request=request) for code in (400, 404, 500)
    }


def test_every_page_is_valid_html(world, settings, tmp_path):  # noqa: F811
    java()  # skip (or, with CI=true, fail) before the pages are built when the checker is missing
    settings.IQM_VERIFY_CLIENT_LIMIT = 10_000
    pages = {**_pages(world), **_error_pages()}
    assert len(pages) > 150
    files = []
    for key, html in pages.items():
        path = tmp_path / f"{key}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = html_errors(files)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_a_missing_checker_fails_with_ci_true(monkeypatch, tmp_path):
    from tests import vnu

    monkeypatch.setattr(vnu, "VNU_JAR", tmp_path / "missing.jar")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true forbids skipping"):
        vnu.java()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="npm ci"):
        vnu.java()


# The demo, as its users click through it ---------------------------------------------------------

DEMO_USERS = ("assessor", "director", "headteacher", "inclusionlead", "reader")
_LINK = re.compile(r'href="(/[^"#?]*)"')
_NOT_FOLLOWED = ("/admin/", "/static/", "/media/", "/accounts/logout")
PAGES_PER_USER = 60


def _crawl(client, start: str = "/") -> dict[str, str]:
    """The HTML pages reachable by links from `start`, breadth first, up to PAGES_PER_USER."""
    seen, queue, pages = {start}, [start], {}
    while queue and len(pages) < PAGES_PER_USER:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = html
        for link in _LINK.findall(html):
            if link not in seen and not link.startswith(_NOT_FOLLOWED) and not link.endswith(".pdf"):
                seen.add(link)
                queue.append(link)
    return pages


def test_the_demo_is_valid_html_as_each_user_clicks_through_it(demo, settings, tmp_path):
    from accounts.models import User

    java()
    settings.IQM_VERIFY_CLIENT_LIMIT = 10_000
    files = []
    for username in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages = _crawl(client)
        assert len(pages) > 3, username
        for number, html in enumerate(pages.values()):
            path = tmp_path / f"demo-{username}-{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            files.append(path)
    errors = html_errors(files)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
