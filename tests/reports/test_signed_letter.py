"""Issued letters are signed (PAdES, pyHanko) with the configured key: the signature validates
and fails after one byte changes, the stored SHA-256 is of the signed bytes, and the signed file
keeps the letter's tags, title, language, outline and words."""

import hashlib
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from assessments import services
from reports import signing
from reports.models import IssuedReport
from tests.letter_pdf import body_text, outline_titles, reader, structure_types
from tests.reference import assert_in_order, reference_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pdf(demo) -> bytes:
    report = IssuedReport.objects.get(assessment=demo)
    with default_storage.open(report.file.name, "rb") as stored:
        content = stored.read()
    if os.environ.get("IQM_DUMP_DEMO_PDF"):
        with open(os.environ["IQM_DUMP_DEMO_PDF"], "wb") as out:
            out.write(content)
    return content


def _validate(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=[signing.trusted_certificate()], allow_fetching=False)
    # pyHanko runs asyncio.run(): outside the loop a browser test's Playwright leaves running.
    return signing.outside_event_loop(lambda: validate_pdf_signature(signature, context))


def test_the_demo_letter_is_signed_and_pyhanko_validates_it(demo_pdf):
    status = _validate(demo_pdf)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert str(status.coverage) == "SignatureCoverageLevel.ENTIRE_FILE"
    assert signing.signature_check(demo_pdf).valid


def test_changing_one_byte_breaks_the_signature(demo_pdf):
    tampered = bytearray(demo_pdf)
    # A byte of the signed letter's text, well inside the signed range.
    tampered[len(demo_pdf) // 3] ^= 0x01
    tampered = bytes(tampered)
    check = signing.signature_check(tampered)
    assert not check.valid
    try:
        status = _validate(tampered)
    except Exception:  # pyHanko may refuse to read the file at all: also a failure
        return
    assert not (status.intact and status.valid)


def test_the_stored_sha256_is_of_the_signed_bytes(demo):
    report = IssuedReport.objects.get(assessment=demo)
    with default_storage.open(report.file.name, "rb") as stored:
        content = stored.read()
    assert b"/ByteRange" in content
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert report.size == len(content)


def test_the_signed_letter_keeps_its_tags_title_language_and_outline(demo_pdf):
    pdf = reader(demo_pdf)
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata.title == "IQM reassessment report — The Heath School — 14th–15th July 2010"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
    types = structure_types(demo_pdf)
    assert types[0] == "Document"
    assert types.count("H1") == 16
    assert {"Table", "TR", "TH", "TD", "L", "LI"} <= set(types)
    titles = outline_titles(demo_pdf)
    assert titles[:2] == ["Summary", "Details of the assessment"]
    assert titles[-1] == "Summary"


def test_the_signed_letter_keeps_the_references_words_in_order(demo_pdf):
    assert_in_order(body_text(demo_pdf), reference_blocks())


def test_the_letter_prints_its_verification_code_and_address(demo, demo_pdf):
    report = IssuedReport.objects.get(assessment=demo)
    text = body_text(demo_pdf)
    code = report.verification_code
    assert len(code) == 10
    assert f"{code[:5]}-{code[5:]}" in text
    assert f"/verify/{code}/" in text.replace("\n", "")


def test_without_a_key_in_production_confirming_is_refused_with_a_message(
    submitted, director, settings, tmp_path
):
    settings.IQM_SIGNING_DEV_KEY_AUTO = False
    settings.IQM_SIGNING_KEY = str(tmp_path / "missing-key.pem")
    settings.IQM_SIGNING_CERT = str(tmp_path / "missing-cert.pem")
    with pytest.raises(services.WorkflowError, match=r"IQM_SIGNING_KEY names .* which is not a file"):
        services.assessment_confirm(assessment=submitted, by=director)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert not IssuedReport.objects.exists()


def test_without_a_key_in_production_the_system_check_fails(settings):
    settings.IQM_SIGNING_DEV_KEY_AUTO = False
    settings.IQM_SIGNING_KEY = ""
    settings.IQM_SIGNING_CERT = ""
    errors = signing.check_signing_key()
    assert [error.id for error in errors] == ["reports.E001"]
    assert "IQM_SIGNING_KEY and IQM_SIGNING_CERT are not both set" in errors[0].msg
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match=r"reports\.E001"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_make_signing_key_writes_a_pair_that_signs(settings, tmp_path):
    settings.IQM_SIGNING_KEY = str(tmp_path / "k.pem")
    settings.IQM_SIGNING_CERT = str(tmp_path / "c.pem")
    out = io.StringIO()
    call_command("make_signing_key", stdout=out)
    assert "Wrote the signing key" in out.getvalue()
    assert (tmp_path / "k.pem").stat().st_mode & 0o077 == 0
    call_command("make_signing_key", stdout=out)
    assert "already exists" in out.getvalue()
    from tests.letter_pdf import tiny_pdf

    assert signing.signature_check(signing.sign_pdf(tiny_pdf())).valid
