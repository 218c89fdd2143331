"""Evidence files are checked by their bytes: the name's extension must agree with them, and
programs, scripts and markup are refused whatever their name (selfeval.files)."""

import pytest

from selfeval.files import EvidenceFileError, check_file
from selfeval.links import EvidenceLinkError, check_link
from tests.evidence_files import ELF, HTML, MINIMAL_PDF, SVG, WINDOWS_EXE, docx, png, xlsx, zip_of


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("inclusion policy.pdf", MINIMAL_PDF, "application/pdf"),
        ("Photo.PNG", png(), "image/png"),
        ("minutes.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("attendance.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("old minutes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "application/msword"),
        ("attendance.csv", "pupil,attendance\nA,96%\nZoë,94%\n".encode(), "text/csv"),
        (
            "plan.odt",
            zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "application/vnd.oasis.opendocument.text",
        ),
    ],
)
def test_allowed_files_are_accepted_with_the_type_their_bytes_show(name, data, content_type):
    checked = check_file(name, data)
    assert checked.content_type == content_type
    assert checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", HTML, "web page or markup"),
        ("page.html", HTML, "cannot be uploaded"),
        ("logo.png", SVG, "web page or markup"),
        ("logo.svg", SVG, "Files named .svg cannot be uploaded"),
        ("tool.pdf", ELF, "a program"),
        ("setup.exe", WINDOWS_EXE, "Files named .exe cannot be uploaded"),
        ("setup.docx", WINDOWS_EXE, "a program"),
        ("run.csv", b"#!/bin/sh\nrm -rf /\n", "a script"),
        ("photo.pdf", png(), "they look like a .png file"),
        ("policy.png", MINIMAL_PDF, "they look like a .pdf file"),
        ("archive.docx", zip_of({"notes.txt": b"hello"}), "not a .docx file"),
        ("sheet.docx", xlsx(), "they look like a .xlsx file"),
        ("macro.docx", docx(b"<Types>application/vnd.ms-word.document.macroEnabled</Types>"), "macros"),
        ("binary.csv", b"a,b\n\x00\x01\x02", "not a .csv file"),
        ("notes", MINIMAL_PDF, "Files without an extension"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_whose_bytes_are_refused_get_the_reason(name, data, message):
    with pytest.raises(EvidenceFileError, match=message):
        check_file(name, data)


def test_a_file_over_the_limit_is_refused(settings):
    settings.SELFEVAL_MAX_FILE_BYTES = len(MINIMAL_PDF) - 1
    with pytest.raises(EvidenceFileError, match="a file may be at most"):
        check_file("policy.pdf", MINIMAL_PDF)
    settings.SELFEVAL_MAX_FILE_BYTES = len(MINIMAL_PDF)
    assert check_file("policy.pdf", MINIMAL_PDF).size == len(MINIMAL_PDF)


def test_a_file_taking_the_visit_over_its_limit_is_refused(settings):
    settings.SELFEVAL_MAX_VISIT_BYTES = 1000
    assert check_file("policy.pdf", MINIMAL_PDF, visit_bytes_so_far=1000 - len(MINIMAL_PDF))
    with pytest.raises(EvidenceFileError, match="The visit's evidence may be at most"):
        check_file("policy.pdf", MINIMAL_PDF, visit_bytes_so_far=1001 - len(MINIMAL_PDF))


def test_the_default_limits_are_twenty_and_two_hundred_megabytes():
    from django.conf import settings

    assert settings.SELFEVAL_MAX_FILE_BYTES == 20 * 1024 * 1024
    assert settings.SELFEVAL_MAX_VISIT_BYTES == 200 * 1024 * 1024


@pytest.mark.parametrize("url", ["https://example.org/policy", "http://school.example.org/sen?year=2026"])
def test_http_and_https_links_are_accepted_as_typed(url):
    assert check_link(f"  {url} ") == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "http:// or https://"),
        ("JavaScript:alert(1)", "http:// or https://"),
        ("data:text/html,<script>alert(1)</script>", "http:// or https://"),
        ("ftp://example.org/file", "http:// or https://"),
        ("https://", "not a valid web address"),
        ("https://exa mple.org", "not a valid web address"),
        ("", "Enter the link"),
        ("https://example.org/" + "a" * 2000, "at most 2000 characters"),
    ],
)
def test_links_that_are_not_web_addresses_are_refused(url, message):
    with pytest.raises(EvidenceLinkError, match=message):
        check_link(url)
