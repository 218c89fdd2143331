"""The issued letter's PDF passes the PDF/UA checks that can be made by machine: every /Figure
has alternative text (the QR code's names the verification address it leads to), and `pdfua`
(pinned in requirements-dev.txt; the subset of PDF/UA-1 it implements) finds no error."""

import pytest
from pdfua import Severity, validate

from reports.models import IssuedReport
from reports.verification import qr_svg, verification_url
from tests.letter_pdf import structure_elements

pytestmark = pytest.mark.django_db


def _letter(assessment) -> tuple[IssuedReport, bytes]:
    report = IssuedReport.objects.get(assessment=assessment)
    with report.file.open("rb") as stored:
        return report, stored.read()


def test_the_issued_letter_meets_pdf_ua_by_machine(confirmed, tmp_path):
    report, pdf = _letter(confirmed)
    figures = [element for element in structure_elements(pdf) if element["/S"] == "/Figure"]
    assert figures, "the QR code is a figure"
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
    url = verification_url(report.verification_code)
    assert f"QR code of the verification address {url}" in [str(figure["/Alt"]) for figure in figures]

    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    findings = validate(str(path)).findings
    errors = [f"{f.rule_id}: {f.message}" for f in findings if f.severity >= Severity.ERROR]
    assert errors == []


def test_the_qr_codes_title_is_escaped():
    svg = qr_svg("https://example.org/verify/A/", title="A & <b>")
    assert "<title>A &amp; &lt;b&gt;</title>" in svg and svg.startswith("<svg ")
    assert "<title>" not in qr_svg("https://example.org/verify/A/")
