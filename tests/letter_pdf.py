"""Reading a letter PDF back in tests: its text without the page furniture, its pages, its
structure. Shared by the tests of the letter, the preview and the render_report command."""

from __future__ import annotations

import io
import re

import pypdf

# What the margins print on every page: the running header, the page number, the DRAFT mark
# and the letter's date heading its continuation pages.
_FURNITURE_PART = (
    r"(?:page \d+ of \d+|Assessment Report by IQM|DRAFT|Inclusion Quality Mark"
    r"|\d{1,2}(?:st|nd|rd|th) \w+ \d{4})"
)
# Margin boxes at the same height come out as one line ("Inclusion Quality Mark DRAFT").
_FURNITURE = re.compile(rf"{_FURNITURE_PART}(?:\s+{_FURNITURE_PART})*")
# A line that ends in a word's own hyphen ("under-" / "achievement") joins the next without a space.
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\n(?=\w)")


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, as extracted, furniture included."""
    return [page.extract_text() for page in reader(pdf).pages]


def page_body_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text without the page furniture or the bullets, blank lines dropped."""
    pages = []
    for text in page_texts(pdf):
        # List markers are drawn apart from their items; they are not the letter's words.
        lines = [line.replace("\u2022", " ").strip() for line in text.splitlines()]
        pages.append([line for line in lines if line and not _FURNITURE.fullmatch(line)])
    return pages


def body_text(pdf: bytes) -> str:
    """The letter's text in reading order, without the page furniture or the bullets, and with
    words that a line break split at their own hyphen joined again."""
    lines = [line for page in page_body_lines(pdf) for line in page]
    return _HYPHEN_BREAK.sub("-", "\n".join(lines))


def outline_titles(pdf: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, flattened in order."""

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader(pdf).outline))


def structure_elements(pdf: bytes) -> list[dict]:
    """The tagged PDF's structure elements, depth first from the structure tree's root."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def structure_types(pdf: bytes) -> list[str]:
    """The structure types of the tagged PDF's structure tree, depth first: "Document", "H1", …"""
    return [str(element["/S"]).lstrip("/") for element in structure_elements(pdf)]


def font_names(pdf: bytes) -> set[str]:
    """The base names of every font the pages use, subset prefix removed ("IQM-Carlito-Bold")."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def tiny_pdf() -> bytes:
    """A one-page blank PDF, for tests that issue a letter without rendering one (issuing still
    signs it, so it must be a real PDF)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_RENDERED: dict[str, bytes] = {}


def demo_letter(django_db_blocker, which: str = "confirmed") -> bytes:
    """The PDF of the demo's confirmed 2010 assessment (the reference report), of its draft
    ("draft") or of its Centre of Excellence review ("coe_review"), rendered once per test run:
    the demo is loaded in a transaction that is rolled back."""
    if which not in _RENDERED:
        from django.core.management import call_command
        from django.db import transaction

        from assessments.models import Assessment
        from reports import letter

        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", password="demo-password", stdout=io.StringIO())
            status = {
                "confirmed": {"status": "confirmed", "kind": "reassessment"},
                "coe_review": {"status": "confirmed", "kind": "coe_review"},
                "draft": {"status__in": ["draft", "returned"]},
            }[which]
            assessment = Assessment.objects.get(school__postcode="WA7 4SY", **status)
            _RENDERED[which] = letter.render_pdf(assessment, draft=which == "draft")
            transaction.set_rollback(True)
    return _RENDERED[which]
