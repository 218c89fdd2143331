"""The edges of the evidence file check (selfeval.files): the exact messages a school reads,
names typed on Windows, markup behind a byte-order mark or blank lines, a macro project inside a
plain .docx, .jpeg and .xls names. Written to kill the mutants mutmut found surviving
(docs/testing.md)."""

import re

import pytest

from selfeval.files import EvidenceFileError, check_file, detect, extension_of, file_size_problem
from tests.evidence_files import MINIMAL_PDF, docx, png, zip_of

MB = 1024 * 1024
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
HTML = b"<html><body>Our policy</body></html>"


def refusal(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(EvidenceFileError) as refused:
        check_file(name, data, **kwargs)
    return str(refused.value)


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        (21 * MB, 20 * MB, "The file is 21 MB; a file may be at most 20 MB."),
        (int(200.6 * MB), 200 * MB, "The file is 201 MB; a file may be at most 200 MB."),
        (MB, MB - 1, "The file is 1 MB; a file may be at most 1048575 bytes."),
        (150, 100, "The file is 150 bytes; a file may be at most 100 bytes."),
        (20 * MB, 20 * MB, ""),
    ],
)
def test_the_size_problem_is_said_in_megabytes_from_one_megabyte(settings, size, limit, message):
    settings.SELFEVAL_MAX_FILE_BYTES = limit
    assert file_size_problem(size) == message


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("C:\\Users\\head\\SEN policy.PDF", "pdf"),
        ("C:\\My Documents\\v1.2\\README", ""),
        ("docs/v1.2/README", ""),
        ("minutes.2026.docx", "docx"),
        (".pdf", ""),
        ("report.", ""),
    ],
)
def test_the_extension_is_the_last_part_of_the_files_own_name(name, extension):
    assert extension_of(name) == extension


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + HTML,  # UTF-8 byte-order mark
        b"\r\n  \t" + HTML,  # blank lines first
        b"\xfe\xff" + HTML.decode().encode("utf-16-be"),
        b"\xff\xfe" + HTML.decode().encode("utf-16-le"),
    ],
)
def test_markup_is_refused_behind_a_byte_order_mark_or_blank_lines(data):
    assert refusal("policy.csv", data) == (
        "This file is a web page or markup (HTML, SVG or XML), which cannot be uploaded: save it as PDF first."
    )


def test_a_docx_holding_a_macro_project_is_refused_whatever_its_content_types_say():
    data = zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"x",
        }
    )
    assert refusal("minutes.docx", data) == (
        "This document contains macros, which cannot be uploaded: save it without them."
    )


def test_a_jpeg_may_be_named_jpg_or_jpeg_and_a_png_neither():
    assert check_file("photo.jpeg", JPEG).content_type == "image/jpeg"
    assert check_file("photo.jpg", JPEG).content_type == "image/jpeg"
    assert refusal("photo.jpeg", png()) == (
        "The file is named .jpeg but its contents are not a .jpeg file (they look like a .png file); "
        "upload the document itself, with its own name."
    )


def test_an_old_office_file_may_be_named_doc_or_xls_and_nothing_else():
    assert check_file("minutes.doc", OLE2).content_type == "application/msword"
    assert check_file("attendance.xls", OLE2).content_type == "application/vnd.ms-excel"
    # An OLE2 file is no allowed kind of its own, so the message does not name one.
    assert refusal("minutes.pdf", OLE2) == (
        "The file is named .pdf but its contents are not a .pdf file; upload the document itself, "
        "with its own name."
    )
    assert "look like a .pdf file" in refusal("minutes.doc", MINIMAL_PDF)


def test_contents_of_no_known_kind_are_not_named():
    assert refusal("archive.docx", zip_of({"notes.txt": b"hello"})) == (
        "The file is named .docx but its contents are not a .docx file; upload the document itself, "
        "with its own name."
    )


def test_a_type_that_filetype_knows_but_is_not_allowed_is_no_kind():
    tiff = b"II*\x00" + b"\x00" * 64
    assert detect(tiff) is None
    assert detect(docx()) == "docx"


def test_the_exact_messages_for_an_empty_file_and_a_name_without_an_extension():
    assert refusal("empty.pdf", b"") == "The file is empty."
    assert re.fullmatch(
        r"Files without an extension cannot be uploaded; upload PDF, .*\.", refusal("notes", MINIMAL_PDF)
    )


def test_a_first_file_may_fill_the_visits_allowance_exactly(settings):
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF)
    checked = check_file("policy.pdf", MINIMAL_PDF)
    assert (checked.extension, checked.content_type, checked.size) == (
        "pdf",
        "application/pdf",
        len(MINIMAL_PDF),
    )
