"""The letter is an accessible PDF: tagged (PDF/UA-1), titled, in British English, with real
headings and lists, an outline entry per section and element, and the shipped font embedded."""

import pytest

from tests.letter_pdf import demo_letter, font_names, outline_titles, reader, structure_types

TITLE = "IQM reassessment report — The Heath School — 14th–15th July 2010"
ELEMENTS = [
    "Element 1 - Learner Progress",
    "Element 2 - Learner Attitude, Values & Personal Development",
    "Element 3 - Leadership & Management",
    "Element 4 - Staffing System & Organisation",
    "Element 5 - The Learning Environment",
    "Element 6 - Teaching & Learning",
    "Element 7 - Resources & ICT",
    "Element 8 - Parents & Carers",
    "Element 9 - Governors, External Partners & Local Authority",
    "Element 10 - The Community",
]


# Every test reads the demo's letter, rendered once from the test database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def heath_pdf(django_db_setup, django_db_blocker) -> bytes:
    return demo_letter(django_db_blocker)


def test_it_is_a_tagged_pdf_with_a_structure_tree_and_marked_content(heath_pdf):
    pdf = reader(heath_pdf)
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in catalog
    assert structure_types(heath_pdf)[0] == "Document"
    for page in pdf.pages:
        content = page.get_contents().get_data()
        assert b"/MCID" in content
        assert b"BDC" in content


def test_it_declares_pdf_ua_1(heath_pdf):
    metadata = reader(heath_pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in metadata
    assert reader(heath_pdf).pdf_header == "%PDF-1.7"


def test_it_has_the_document_title_shown_by_viewers_and_the_language(heath_pdf):
    pdf = reader(heath_pdf)
    assert pdf.metadata.title == TITLE
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 - a pypdf BooleanObject


def test_its_headings_are_headings_and_its_lists_are_lists(heath_pdf):
    types = structure_types(heath_pdf)
    # Summary, Context, Portfolio, Key Areas, Minor Areas, ten elements and the closing Summary.
    assert types.count("H1") == 16
    # Specific Issues Known, then Strengths and Areas for development in each element.
    assert types.count("H2") == 21
    # Key areas, minor areas (one with a list inside an item), strengths and areas of elements.
    assert types.count("L") >= 2 + 1 + 10 + 6
    assert types.count("LI") >= 90
    assert types.count("LBody") == types.count("LI")
    assert {"Table", "TR", "TH", "TD"} <= set(types)


def test_it_has_an_outline_entry_per_section_and_element(heath_pdf):
    titles = outline_titles(heath_pdf)
    assert titles == [
        "Summary",
        "Details of the assessment",
        "Context of the School and Sources of Data",
        "Portfolio and Other Supporting Evidence",
        "Key Areas of Success",
        "Minor Areas for Development",
        *ELEMENTS,
        "Summary",
    ]


def test_it_embeds_the_shipped_font_and_no_other(heath_pdf):
    assert font_names(heath_pdf) == {"IQM-Carlito", "IQM-Carlito-Bold", "IQM-Carlito-Italic"}
    for page in reader(heath_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]


def test_it_is_a4(heath_pdf):
    for page in reader(heath_pdf).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)


def test_the_font_ships_with_the_project_under_its_licence():
    from django.conf import settings

    folder = settings.BASE_DIR / "static" / "fonts" / "carlito"
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (folder / f"Carlito-{style}.ttf").read_bytes()[:4] == b"\x00\x01\x00\x00"
    licence = (folder / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert 'Reserved Font Name "Carlito"' in licence
