"""What evidence a school may upload: the file's type is read from its bytes, and the name's
extension must say the same thing; executables, web pages, images drawn in SVG, scripts and
anything else are refused with a message that says why.

The bytes are read with `filetype` (pure Python, maintained, no system library to install)
for the formats it knows by their first bytes (PDF and the images). Office documents are ZIP
files (.docx, .xlsx, .odt, .ods) or OLE2 compound files (.doc, .xls), which a signature
alone cannot tell apart: a ZIP is opened and its entries read, so a .docx is a ZIP holding
word/document.xml and no macros, not any ZIP renamed. A ZIP's directory is checked before any
entry is inflated (how many entries, how large each says it is, how much it inflates), and an
entry is read a few kilobytes at a time up to a bound, so a ZIP bomb is refused in kilobytes.
A CSV is text: UTF-8 without NUL bytes that does not begin like markup, and with no cell that
begins like a formula (=, +, -, @), which a spreadsheet would run when the visit's team opens it.
"""

import csv
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.conf import settings

# How much of a file is read to tell its type (filetype needs 262 bytes; a CSV's check more).
HEAD_BYTES = 8192

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Extension → content type, for every kind of file a school may upload.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
}

ALLOWED_DESCRIPTION = (
    "PDF, PNG, JPEG, GIF or WebP images, Word (.docx, .doc, .odt) or spreadsheets (.xlsx, .xls, .ods, .csv)"
)

# First bytes of things refused whatever their name says, with what to call them.
_REFUSED_SIGNATURES = (
    (b"\x7fELF", "a program (an executable file)"),
    (b"MZ", "a program (an executable file)"),
    (b"\xfe\xed\xfa\xce", "a program (an executable file)"),
    (b"\xfe\xed\xfa\xcf", "a program (an executable file)"),
    (b"\xcf\xfa\xed\xfe", "a program (an executable file)"),
    (b"\xce\xfa\xed\xfe", "a program (an executable file)"),
    (b"\xca\xfe\xba\xbe", "a program (an executable file)"),
    (b"#!", "a script"),
)

# The ZIP entry that makes an Office Open XML or OpenDocument file what it is.
_ZIP_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
_OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


class EvidenceFileError(ValueError):
    """A file refused as evidence; the message says why, for the school."""


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int


def max_file_bytes() -> int:
    return settings.SELFEVAL_MAX_FILE_BYTES


def max_visit_bytes() -> int:
    return settings.SELFEVAL_MAX_VISIT_BYTES


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def file_size_problem(size: int) -> str:
    """What is wrong with a file of `size` bytes being uploaded ("" when nothing is): read
    before the bytes are, from the upload's size."""
    if size > max_file_bytes():
        return f"The file is {_megabytes(size)}; a file may be at most {_megabytes(max_file_bytes())}."
    return ""


def file_too_large_problem() -> str:
    """What is wrong with a file over the limit whose exact size is not known (its upload was
    stopped at the limit)."""
    return f"The file is larger than {_megabytes(max_file_bytes())}; a file may be at most {_megabytes(max_file_bytes())}."


def extension_of(name: str) -> str:
    """The name's extension in lower case, without the dot ("" when it has none)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<", b"\xfe\xff", b"\xff\xfe"))


# Bounds on what a ZIP may declare before any of it is inflated (a ZIP bomb: a small file that
# inflates to gigabytes). Office documents hold at most a few thousand entries; their XML
# compresses well, but not a thousandfold.
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_DIRECTORY_BYTES = 2 * 1024 * 1024  # the central directory, read whole by zipfile
ZIP_MAX_ENTRY_BYTES = 256 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 200  # inflated size over compressed size, for entries past ZIP_RATIO_FROM_BYTES
ZIP_RATIO_FROM_BYTES = 1024 * 1024
# The entries read to tell the kind: never more than this of each, a chunk at a time.
ZIP_MIMETYPE_MAX_BYTES = 256
ZIP_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
_ZIP_CHUNK = 4096

_ZIP_BOMB = (
    "This file is a compressed archive that would inflate to far more than any document "
    "({what}), so it cannot be uploaded: save the document again from its program."
)


def _zip_directory_problem(data: bytes) -> str:
    """Why the archive's directory is too large to read ("" when it is not or cannot be found),
    from its end record: zipfile holds an object per entry, so a million entries cost hundreds of
    megabytes before anything is inflated."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return ""
    entries, directory_bytes = struct.unpack_from("<HI", data, end + 10)
    if directory_bytes > ZIP_MAX_DIRECTORY_BYTES or (entries != 0xFFFF and entries > ZIP_MAX_ENTRIES):
        return _ZIP_BOMB.format(what="its directory lists too many entries for a document")
    return ""


def _zip_bounds_problem(archive: zipfile.ZipFile) -> str:
    """Why the archive's declared entries are out of bounds ("" when they are not), read from
    its directory alone, before a byte is inflated."""
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        return _ZIP_BOMB.format(what=f"{len(entries)} entries; a document has at most {ZIP_MAX_ENTRIES}")
    total = 0
    for entry in entries:
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return (
                "This file is compressed in a way Word, Excel and LibreOffice documents are not, "
                "so it cannot be uploaded: save the document again from its program."
            )
        if entry.file_size > ZIP_MAX_ENTRY_BYTES:
            return _ZIP_BOMB.format(what=f"one part alone is {_megabytes(entry.file_size)}")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ZIP_RATIO_FROM_BYTES and ratio > ZIP_MAX_RATIO:
            return _ZIP_BOMB.format(what=f"one part inflates {ratio:.0f} times")
        total += entry.file_size
    if total > ZIP_MAX_TOTAL_BYTES:
        return _ZIP_BOMB.format(what=f"{_megabytes(total)} in all")
    return ""


def _chunks(archive: zipfile.ZipFile, name: str, limit: int):
    """The entry's bytes, a few kilobytes at a time; EvidenceFileError once it declares or holds
    more than `limit` (a declared size may lie, so what is inflated is counted too)."""
    too_big = EvidenceFileError(_ZIP_BOMB.format(what=f"its {name} is over {_megabytes(limit)}"))
    if archive.getinfo(name).file_size > limit:
        raise too_big
    read = 0
    with archive.open(name) as entry:
        while chunk := entry.read(_ZIP_CHUNK):
            read += len(chunk)
            if read > limit:
                raise too_big
            yield chunk


def _entry_contains(archive: zipfile.ZipFile, name: str, needle: bytes, limit: int) -> bool:
    """Whether the entry holds `needle`, read a chunk at a time, never whole."""
    carry = b""
    for chunk in _chunks(archive, name, limit):
        if needle in carry + chunk:
            return True
        carry = chunk[-(len(needle) - 1) :]
    return False


def _zip_kind(data: bytes) -> str | None:
    """What Office document the ZIP is ("docx", "xlsx", "odt", "ods"), or None. Raises
    EvidenceFileError for an archive out of bounds (a ZIP bomb); no entry is inflated past a
    few kilobytes at a time, nor past its bound."""
    try:
        if problem := _zip_directory_problem(data):
            raise EvidenceFileError(problem)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if problem := _zip_bounds_problem(archive):
                raise EvidenceFileError(problem)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = b"".join(_chunks(archive, "mimetype", ZIP_MIMETYPE_MAX_BYTES)).strip()
                for kind, expected in _OPENDOCUMENT.items():
                    if mimetype == expected:
                        return kind
                return None
            if "[Content_Types].xml" in names:
                macros = _entry_contains(
                    archive, "[Content_Types].xml", b"macroEnabled", ZIP_CONTENT_TYPES_MAX_BYTES
                )
                if macros or any(n.lower().endswith("vbaproject.bin") for n in names):
                    return "macro"
                for kind, marker in _ZIP_MARKERS.items():
                    if marker in names:
                        return kind
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def detect(data: bytes) -> str | None:
    """The allowed kind (an ALLOWED extension) the bytes are, or None. Raises
    EvidenceFileError for what is refused whatever its name (programs, scripts, markup)."""
    head = data[:HEAD_BYTES]
    for signature, what in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            raise EvidenceFileError(f"This file is {what}; programs and scripts cannot be uploaded.")
    if _looks_like_markup(head):
        raise EvidenceFileError(
            "This file is a web page or markup (HTML, SVG or XML), which cannot be uploaded: "
            "save it as PDF first."
        )
    if head.startswith(OLE2_SIGNATURE):
        return "ole2"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension if kind.extension in ALLOWED else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "csv" if text and "\x00" not in text else None


# What makes a spreadsheet program read a CSV cell as a formula (Excel, LibreOffice, Sheets), so a
# cell such as =HYPERLINK(…) or @SUM(…) would run when an assessor opens the file.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _csv_cells(text: str):
    """(line number, cell) for each cell of the CSV, split on commas as the csv module reads them
    (quotes removed), and again on semicolons and tabs, since a spreadsheet may split on those."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # a field past the csv module's limit: read line by line, quotes stripped
        rows = [re.split(r",", line) for line in text.splitlines()]
    for line_number, row in enumerate(rows, start=1):
        for field in row:
            for cell in re.split(r"[;\t]", field):
                yield line_number, cell.strip('"')


def csv_formula_problem(text: str) -> str:
    """Why the CSV may not be uploaded ("" when it may): a cell that begins like a formula, which
    a spreadsheet would run when the visit's team opens the file. A signed number (-5, +3.2) is a
    number, not a formula."""
    for line_number, cell in _csv_cells(text):
        if cell.startswith(_FORMULA_STARTS) and not _is_number(cell):
            return (
                f"Line {line_number} has a cell that begins with “{cell[0]}” (“{cell.strip()[:30]}”), "
                "which a spreadsheet would run as a formula, so the file cannot be uploaded: remove "
                "the formulas, or save the spreadsheet as .xlsx or PDF."
            )
    return ""


def check_file(name: str, data: bytes, *, visit_bytes_so_far: int = 0) -> CheckedFile:
    """Check an uploaded file's name, size and bytes; returns what it is, or raises
    EvidenceFileError with the reason (nothing is stored either way)."""
    size = len(data)
    if size == 0:
        raise EvidenceFileError("The file is empty.")
    if too_big := file_size_problem(size):
        raise EvidenceFileError(too_big)
    if visit_bytes_so_far + size > max_visit_bytes():
        raise EvidenceFileError(
            f"The visit's evidence may be at most {_megabytes(max_visit_bytes())} in all; "
            f"{_megabytes(visit_bytes_so_far)} is uploaded already and this file is {_megabytes(size)}."
        )
    extension = extension_of(name)
    if extension not in ALLOWED:
        named = f"Files named .{extension}" if extension else "Files without an extension"
        raise EvidenceFileError(f"{named} cannot be uploaded; upload {ALLOWED_DESCRIPTION}.")
    kind = detect(data)
    if kind == "macro":
        raise EvidenceFileError(
            "This document contains macros, which cannot be uploaded: save it without them."
        )
    matches = (
        kind == extension
        or (kind == "jpg" and extension == "jpeg")
        or (kind == "ole2" and extension in ("doc", "xls"))
    )
    if not matches:
        raise EvidenceFileError(
            f"The file is named .{extension} but its contents are not a .{extension} file"
            + (f" (they look like a .{kind} file)" if kind and kind in ALLOWED else "")
            + "; upload the document itself, with its own name."
        )
    if extension == "csv" and (formula := csv_formula_problem(data.decode("utf-8"))):
        raise EvidenceFileError(formula)
    return CheckedFile(extension=extension, content_type=ALLOWED[extension], size=size)
