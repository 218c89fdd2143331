"""Beyond WeasyPrint's tags (reports.pdf_tags): the details table's header cells carry their
scope, and the page furniture — running header, letter date, page numbers — is artifact
content outside the structure tree, in the signed letter as issued."""

import pytest
from django.core.files.storage import default_storage

from reports.models import IssuedReport
from tests.letter_pdf import reader, structure_elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pdf(demo) -> bytes:
    report = IssuedReport.objects.get(assessment=demo)
    with default_storage.open(report.file.name, "rb") as stored:
        return stored.read()


def _elements(pdf: bytes, kind: str) -> list[dict]:
    return [element for element in structure_elements(pdf) if element["/S"] == kind]


def _text_by_marking(page) -> dict[str, str]:
    """The page's text split by whether it is drawn as /Artifact or as tagged content."""
    stack: list[str] = []
    parts = {"artifact": [], "tagged": []}

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            stack.append(str(operands[0]))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(content, cm, tm, font, size):
        if content.strip():
            parts["artifact" if "/Artifact" in stack else "tagged"].append(content)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: " ".join(value) for key, value in parts.items()}


def test_every_header_cell_of_the_details_table_has_row_scope(demo_pdf, demo):
    headers = _elements(demo_pdf, "/TH")
    assert len(headers) >= 5
    assert {(h["/A"]["/O"], h["/A"]["/Scope"]) for h in headers} == {("/Table", "/Row")}
    # WeasyPrint links each data cell to its row's header.
    cells = _elements(demo_pdf, "/TD")
    assert cells and all(len(cell["/A"]["/Headers"]) == 1 for cell in cells)


def test_a_header_cell_without_a_scope_is_a_column_header():
    from reports import letter

    html = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        "<table><tr><th>Name</th><th scope='row'>Kind</th></tr><tr><td>a</td><td>b</td></tr></table>"
        "</body></html>"
    )
    pdf = letter.html_to_pdf(html, fetch=letter.fetch_static_file)
    assert [h["/A"]["/Scope"] for h in _elements(pdf, "/TH")] == ["/Column", "/Row"]


def test_the_page_furniture_is_artifact_and_the_letter_is_tagged(demo_pdf):
    pages = reader(demo_pdf).pages
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        text = _text_by_marking(page)
        assert f"page {number} of {len(pages)}" in text["artifact"], number
        assert f"page {number} of" not in text["tagged"]
        assert len(text["tagged"]) > 100  # the letter's own words stay tagged
    report_page = _text_by_marking(pages[2])
    assert "Assessment Report by IQM" in report_page["artifact"]
    assert "Assessment Report by IQM" not in report_page["tagged"]
