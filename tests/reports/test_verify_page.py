"""The public verification page, /verify/<code>/: what anyone sees of an issued letter without
signing in, its state (current, superseded, expired), the 404 for an unknown code, the check of
an uploaded PDF and its refusals, and the throttle."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from reports import verification
from reports.models import IssuedReport

pytestmark = pytest.mark.django_db


def _url(report) -> str:
    return reverse("verify_letter", args=[report.verification_code])


def _stored(report) -> bytes:
    with default_storage.open(report.file.name, "rb") as stored:
        return stored.read()


def _upload(client, report, content: bytes, name="letter.pdf"):
    return client.post(_url(report), {"letter": SimpleUploadedFile(name, content, "application/pdf")})


@pytest.fixture
def demo_report(demo):
    return IssuedReport.objects.get(assessment=demo)


def test_anyone_sees_the_demo_letter_expired_in_2013_with_its_details(client, demo_report):
    response = client.get(_url(demo_report))
    assert response.status_code == 200
    page = response.content.decode()
    assert demo_report.assessment.letter_school().name in page
    assert demo_report.assessment.kind.award_level.name in page
    assert "14–15 July 2010" in page
    assert "Expired." in page
    assert "ran out on 3 August 2013" in page
    assert demo_report.sha256 in page
    assert verification.letter_status(demo_report).state == "expired"


def test_the_code_printed_on_the_letter_reaches_the_page(client, demo_report):
    from tests.letter_pdf import body_text

    text = body_text(_stored(demo_report)).replace("\n", "")
    path = text.split("127.0.0.1:8000", 1)[1].split(",", 1)[0]
    assert client.get(path).status_code == 200


def test_the_code_reads_in_lower_case_and_with_a_hyphen(client, demo_report):
    code = demo_report.verification_code
    assert client.get(f"/verify/{code.lower()}/").status_code == 200
    assert client.get(f"/verify/{code[:5]}-{code[5:]}/").status_code == 200


@pytest.mark.parametrize("code", ["ZZZZZZZZZZ", "abc", "<script>", "%00%00", "x" * 300, "ÄÖÜ1234567"])
def test_an_unknown_or_odd_code_is_a_plain_404(client, demo, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    assert b"Heath" not in response.content
    assert b"<script>" not in response.content


def test_a_current_letter_is_current(client, confirmed):
    report = IssuedReport.objects.get(assessment=confirmed)
    assert confirmed.expires_on > datetime.date.today()
    assert verification.letter_status(report).state == "current"
    assert "Current." in client.get(_url(report)).content.decode()


def test_a_revised_letter_is_superseded_and_points_to_the_newer_one(client, confirmed, director, lead):
    original = IssuedReport.objects.get(assessment=confirmed)
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A typing error.")
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    newer = IssuedReport.objects.get(assessment=revision)
    assert newer.verification_code != original.verification_code
    status = verification.letter_status(original)
    assert (status.state, status.newer) == ("superseded", newer)
    page = client.get(_url(original)).content.decode()
    assert "Superseded." in page
    assert f'href="{_url(newer)}"' in page
    assert verification.letter_status(newer).state == "current"


def test_the_issued_file_is_genuine(client, demo_report):
    response = _upload(client, demo_report, _stored(demo_report))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Genuine." in page
    assert "exactly the one IQM issued" in page
    assert "It is genuine, but expired. The award this letter confirms ran out on 3 August 2013." in page


def test_a_file_with_one_byte_changed_is_not_the_letter_we_issued(client, demo_report):
    content = bytearray(_stored(demo_report))
    content[len(content) // 3] ^= 0x01
    page = _upload(client, demo_report, bytes(content)).content.decode()
    assert "Not the letter we issued." in page
    assert "Genuine." not in page


def test_a_truncated_file_is_not_the_letter_we_issued(client, demo_report):
    content = _stored(demo_report)
    response = _upload(client, demo_report, content[: len(content) // 2])
    assert response.status_code == 200
    assert "Not the letter we issued." in response.content.decode()


def test_a_non_pdf_is_not_the_letter_we_issued(client, demo_report):
    response = _upload(client, demo_report, b"GIF89a not a letter", name="letter.gif")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not the letter we issued." in page
    assert "The file is not a PDF." in page


def test_another_letter_we_signed_is_not_this_codes_letter(client, demo_report, submitted, director):
    # The demo's rule sends a lead assessor's first reports to a second reading: a director
    # overrides it here, so that the report can be confirmed and its letter signed.
    from assessments.services import assessment_confirm
    from reading.models import Reading
    from reading.services import reading_override

    reading_override(
        reading=Reading.objects.get(assessment=submitted), by=director, reason="Read at the desk."
    )
    confirmed = assessment_confirm(assessment=submitted, by=director)
    other = _stored(IssuedReport.objects.get(assessment=confirmed))
    page = _upload(client, demo_report, other).content.decode()
    assert "Not the letter we issued." in page
    assert "differs from the one IQM issued under this code" in page


@pytest.fixture
def no_disk(monkeypatch):
    """Fails the test if an upload is written to a temporary file or to storage."""
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("an uploaded file was written to disk")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    monkeypatch.setattr(default_storage, "save", refuse)


def test_a_genuine_upload_is_read_in_memory_even_past_djangos_memory_limit(
    client, demo_report, settings, no_disk
):
    # Django's own handlers would spool anything past FILE_UPLOAD_MAX_MEMORY_SIZE to a file.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    page = _upload(client, demo_report, _stored(demo_report)).content.decode()
    assert "Genuine." in page


def test_a_file_that_is_not_the_letter_is_not_parsed_for_a_signature(client, demo_report, monkeypatch):
    from reports import signing

    def refuse(content):
        raise AssertionError("parsed a file that is not the letter")

    monkeypatch.setattr(signing, "signature_check", refuse)
    content = bytearray(_stored(demo_report))
    content[100] ^= 0x01
    assert "Not the letter we issued." in _upload(client, demo_report, bytes(content)).content.decode()


def test_the_letter_is_genuine_after_the_key_is_replaced(client, demo_report, settings, tmp_path):
    from reports import signing

    signing.make_key_pair(tmp_path / "key.pem", tmp_path / "cert.pem")
    settings.IQM_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.IQM_SIGNING_CERT = str(tmp_path / "cert.pem")
    page = _upload(client, demo_report, _stored(demo_report)).content.decode()
    assert "Genuine." in page
    assert "made with a key IQM has since replaced" in page


def test_a_50_mb_upload_is_refused_with_a_message_and_nothing_is_stored(
    client, demo_report, settings, no_disk
):
    before = sorted(p.name for p in (settings.MEDIA_ROOT).rglob("*"))
    reports = IssuedReport.objects.count()
    response = _upload(client, demo_report, b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "larger than 20 MB" in response.content.decode()
    assert sorted(p.name for p in (settings.MEDIA_ROOT).rglob("*")) == before
    assert IssuedReport.objects.count() == reports


def test_an_upload_past_the_limit_without_a_length_is_stopped_in_memory(
    client, demo_report, settings, no_disk
):
    # The handler's own limit, below the Content-Length check's margin.
    settings.IQM_VERIFY_MAX_UPLOAD_BYTES = 1000
    response = _upload(client, demo_report, b"%PDF-1.7\n" + b"0" * 20_000)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()


def test_a_post_without_a_file_says_what_to_do(client, demo_report):
    response = client.post(_url(demo_report), {})
    assert response.status_code == 400
    assert "Choose the PDF file" in response.content.decode()


def test_the_form_needs_its_csrf_token(demo_report):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_url(demo_report), {"letter": SimpleUploadedFile("a.pdf", b"%PDF-1.7")})
    assert response.status_code == 403


def test_the_page_is_throttled_per_client(client, demo_report, settings):
    settings.IQM_VERIFY_CLIENT_LIMIT = 3
    for _ in range(3):
        assert client.get(_url(demo_report)).status_code == 200
    response = client.get(_url(demo_report))
    assert response.status_code == 429
    assert "too many verification requests" in response.content.decode()
    # Unknown codes count too, so codes cannot be guessed by trying them.
    assert client.get("/verify/ZZZZZZZZZZ/").status_code == 429


def test_school_text_is_escaped(client, submitted, director):
    school = submitted.school
    school.name = "<b>Bold</b> School"
    school.save()
    services.assessment_confirm(assessment=submitted, by=director)
    report = IssuedReport.objects.get(assessment=submitted)
    page = client.get(_url(report)).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; School" in page
    assert "<b>Bold</b>" not in page
