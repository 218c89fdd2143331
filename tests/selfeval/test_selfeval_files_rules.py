"""The ZIP-bomb bounds and the CSV formula rule of selfeval.files at their exact edges (found by
mutation testing, docs/testing.md): each bound allows its limit and refuses one more, with the
words the school reads. The archive's declared sizes are given directly (a stand-in for
zipfile's directory), since an archive that declares a gigabyte need not hold one."""

import io
import struct
import types
import zipfile

import pytest

from selfeval import files
from selfeval.files import EvidenceFileError, csv_formula_problem, detect
from tests.evidence_files import docx, zip_of

MIB = 1024 * 1024


def bomb(what: str) -> str:
    return (
        "This file is a compressed archive that would inflate to far more than any document "
        f"({what}), so it cannot be uploaded: save the document again from its program."
    )


def archive(*sizes, compressed=None, compress_type=zipfile.ZIP_DEFLATED):
    """A stand-in for a ZipFile whose directory declares entries of these sizes (each stored as
    large as it is, unless `compressed` gives their compressed size)."""
    entries = [
        types.SimpleNamespace(
            file_size=size,
            compress_size=size if compressed is None else compressed,
            compress_type=compress_type,
        )
        for size in sizes
    ]
    return types.SimpleNamespace(infolist=lambda: entries)


def test_a_document_may_have_as_many_parts_as_the_bound_and_no_more():
    assert files._zip_bounds_problem(archive(*[1] * files.ZIP_MAX_ENTRIES)) == ""
    assert files._zip_bounds_problem(archive(*[1] * (files.ZIP_MAX_ENTRIES + 1))) == bomb(
        "10001 entries; a document has at most 10000"
    )


def test_a_part_may_be_as_large_as_the_bound_and_no_larger():
    assert files._zip_bounds_problem(archive(files.ZIP_MAX_ENTRY_BYTES)) == ""
    assert files._zip_bounds_problem(archive(files.ZIP_MAX_ENTRY_BYTES + 1)) == bomb(
        "one part alone is 256 MB"
    )


def test_all_the_parts_together_may_be_as_large_as_the_bound_and_no_larger():
    quarter = files.ZIP_MAX_TOTAL_BYTES // 4
    assert files._zip_bounds_problem(archive(quarter, quarter, quarter, quarter)) == ""
    assert files._zip_bounds_problem(archive(quarter, quarter, quarter, quarter, 1)) == bomb("1024 MB in all")
    assert files._zip_bounds_problem(archive(quarter, quarter, quarter, 1, quarter)) == bomb("1024 MB in all")


def test_a_large_part_may_inflate_up_to_the_ratio_and_a_small_one_any_amount():
    size = 200 * 10_000  # over ZIP_RATIO_FROM_BYTES
    assert files._zip_bounds_problem(archive(size, compressed=10_000)) == ""
    assert files._zip_bounds_problem(archive(size, compressed=9_999)) == bomb("one part inflates 200 times")
    assert files._zip_bounds_problem(archive(files.ZIP_RATIO_FROM_BYTES, compressed=1)) == ""


def test_a_part_compressed_in_another_way_is_refused_with_why():
    assert files._zip_bounds_problem(archive(10, compress_type=zipfile.ZIP_BZIP2)) == (
        "This file is compressed in a way Word, Excel and LibreOffice documents are not, so it "
        "cannot be uploaded: save the document again from its program."
    )


def end_record(entries: int, directory_bytes: int) -> bytes:
    """A ZIP's end-of-central-directory record (22 bytes, no comment)."""
    return b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, entries, entries, directory_bytes, 0, 0)


SMALL = end_record(10, 1000)
HUGE = end_record(10, files.ZIP_MAX_DIRECTORY_BYTES + 1)
TOO_MANY = bomb("its directory lists too many entries for a document")


def test_the_directory_may_be_as_large_as_its_bounds_and_no_larger():
    problem = files._zip_directory_problem
    assert problem(b"\x00" * 40 + end_record(10, files.ZIP_MAX_DIRECTORY_BYTES)) == ""
    assert problem(b"\x00" * 40 + HUGE) == TOO_MANY
    assert problem(b"\x00" * 40 + end_record(10, 0xFFFFFFFF)) == TOO_MANY
    assert problem(b"\x00" * 40 + end_record(files.ZIP_MAX_ENTRIES, 1000)) == ""
    assert problem(b"\x00" * 40 + end_record(files.ZIP_MAX_ENTRIES + 1, 1000)) == TOO_MANY
    assert problem(b"\x00" * 40 + end_record(40_000, 1000)) == TOO_MANY
    # 0xFFFF entries says "see the ZIP64 record": zipfile reads the count there.
    assert problem(b"\x00" * 40 + end_record(0xFFFF, 1000)) == ""


def test_the_directorys_end_record_is_the_last_within_reach_of_the_end():
    problem = files._zip_directory_problem
    assert problem(HUGE) == TOO_MANY  # at the very start of the data
    assert problem(SMALL + HUGE) == TOO_MANY  # the last one counts
    # The record lies within its 22 bytes and the longest comment (65,535) of the end.
    assert problem(HUGE + b"\x00" * (65_557 - 22)) == TOO_MANY
    assert problem(HUGE + b"\x00" * (65_558 - 22)) == ""
    # None, or one cut short: nothing to judge (zipfile then refuses the file itself).
    assert problem(b"\xff" * 100) == ""
    assert problem(b"\xff" * 100 + HUGE[:14]) == ""


def stored(name: str, data: bytes) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as written:
        written.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_an_entry_is_read_up_to_its_bound_and_no_further():
    exactly = b"x" * 5000
    assert b"".join(files._chunks(stored("part", exactly), "part", 5000)) == exactly
    with pytest.raises(EvidenceFileError) as refused:
        list(files._chunks(stored("part", exactly + b"x"), "part", 5000))
    assert str(refused.value) == bomb("its part is over 5000 bytes")


@pytest.mark.parametrize("before", [11, 1, 6])
def test_a_macro_marker_split_between_two_chunks_is_found(before):
    # The entry is read 4,096 bytes at a time: the marker straddles the first two.
    content_types = b"<Types>" + b" " * (4096 - 7 - before) + b"macroEnabled" + b"</Types>"
    assert content_types.index(b"macroEnabled") == 4096 - before
    assert detect(docx(content_types)) == "macro"
    assert (
        detect(zip_of({"[Content_Types].xml": b" " * 5000, "word/document.xml": b"<w:document/>"})) == "docx"
    )


def test_a_csv_with_a_field_too_long_for_the_csv_reader_is_still_read_for_formulas():
    text = '"' + "a" * 200_000 + '"\nplain,=HYPERLINK("http://x")\n'
    assert csv_formula_problem(text).startswith("Line 2 has a cell that begins with “=”")
    assert csv_formula_problem('"' + "a" * 200_000 + '"\nplain,text\n') == ""


def test_the_formula_refusal_names_the_line_the_first_character_and_the_cells_start():
    assert csv_formula_problem('name,link\nOak,=HYPERLINK("http://example.org/a/long/path")\n') == (
        'Line 2 has a cell that begins with “=” (“=HYPERLINK("http://example.org”), which a '
        "spreadsheet would run as a formula, so the file cannot be uploaded: remove the formulas, or "
        "save the spreadsheet as .xlsx or PDF."
    )
    # Only the cell's first character counts, after its quotes.
    assert csv_formula_problem("X=Y,XX+1\n") == ""


def test_a_quoted_formula_is_found_on_the_line_by_line_reading_too():
    long_field = '"' + "a" * 200_000 + '"\n'
    assert csv_formula_problem(long_field + "plain,\"=cmd|' /C calc'!A0\"\n").startswith(
        "Line 2 has a cell that begins with “=”"
    )
