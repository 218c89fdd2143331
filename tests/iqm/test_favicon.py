"""The site has an icon: every page links to the SVG, and /favicon.ico, which browsers ask for
whatever the page says, answers with an ICO instead of a 404 (WhiteNoise serves webroot/)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
LINK = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_ico_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert _body(response) == (ROOT / "webroot" / "favicon.ico").read_bytes()


def test_the_ico_holds_the_usual_sizes():
    with Image.open(ROOT / "webroot" / "favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= icon.ico.sizes()


def test_the_svg_icon_is_a_static_file(client):
    found = finders.find("img/favicon.svg")
    assert found and Path(found).read_text().startswith("<svg ")
    response = client.get("/static/img/favicon.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"


@pytest.mark.django_db
def test_every_page_links_to_the_svg_icon(client):
    assert LINK in client.get("/accounts/login/").content.decode()
    assert LINK in client.get("/verify/").content.decode()


@pytest.mark.parametrize("template", ["400.html", "500.html"])
def test_the_error_pages_link_to_it_too(template):
    assert LINK in render_to_string(template)
