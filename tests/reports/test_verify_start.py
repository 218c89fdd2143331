"""/verify/: the public page on which to type the code printed on a letter. It leads to the
letter's verification page, takes the code however it was typed, says plainly what is wrong with
one that cannot be a code or names no letter, and counts towards the public pages' hourly limit."""

import pytest
from django.urls import reverse

from reports.models import IssuedReport
from reports.verification import display_code

pytestmark = pytest.mark.django_db

URL = "/verify/"


@pytest.fixture
def code(confirmed) -> str:
    return IssuedReport.objects.get(assessment=confirmed).verification_code


def test_anyone_gets_the_form_without_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Verify an Inclusion Quality Mark letter" in page
    assert '<label class="form-label" for="id_code">Verification code</label>' in page
    assert 'method="get" action="/verify/"' in page
    assert reverse("verify_start") == URL


def test_a_code_leads_to_its_letters_page(client, code):
    response = client.get(URL, {"code": code})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{code}/"


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.lower(),
        lambda c: display_code(c),
        lambda c: f"  {c[:3]} {c[3:6]}-{c[6:]}  ",
        lambda c: "-".join(c.lower()),
    ],
)
def test_it_takes_the_code_in_lower_case_with_spaces_and_hyphens(client, code, typed):
    response = client.get(URL, {"code": typed(code)})
    assert response.status_code == 302 and response["Location"] == f"/verify/{code}/"


def test_it_reads_the_letters_a_code_cannot_hold_as_the_digits_they_look_like(client, code):
    # Crockford's alphabet has no O, I or L: typed, they are read as 0, 1 and 1.
    typed = code.replace("0", "o").replace("1", "I")
    response = client.get(URL, {"code": typed})
    assert response["Location"] == f"/verify/{code}/"


@pytest.mark.parametrize("typed", ["ABC", "ABCDE-1234U", "<script>", "x" * 41])
def test_a_malformed_code_is_explained_on_the_form(client, typed):
    response = client.get(URL, {"code": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A verification code is 10 letters and digits, such as ABCDE-12345" in page
    assert 'aria-invalid="true"' in page and 'href="#id_code"' in page
    assert "<script>" not in page


def test_an_empty_code_asks_for_one(client):
    response = client.get(URL, {"code": "  "})
    assert response.status_code == 400
    assert "Type the verification code printed on the letter." in response.content.decode()


def test_a_code_of_no_letter_says_so(client, code):
    unknown = "ZZZZZZZZZZ" if code != "ZZZZZZZZZZ" else "YYYYYYYYYY"
    response = client.get(URL, {"code": unknown})
    assert response.status_code == 400
    assert f"No letter was issued with the code {display_code(unknown)}." in response.content.decode()


def test_the_form_is_throttled_with_the_other_verify_pages(client, code, settings):
    settings.IQM_VERIFY_CLIENT_LIMIT = 3
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"code": code}).status_code == 302
    assert client.get(f"/verify/{code}/").status_code == 200
    response = client.get(URL, {"code": code})
    assert response.status_code == 429
    assert "too many verification requests" in response.content.decode()


def test_every_page_links_to_it_in_the_footer(client, lead):
    assert (
        f'<a href="{URL}">Verify a letter by its code</a>' in client.get("/accounts/login/").content.decode()
    )
    client.force_login(lead)
    assert f'<a href="{URL}">' in client.get("/").content.decode()
