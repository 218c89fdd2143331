"""A ZIP bomb as evidence (issue 28, item 1): a .odt of a few hundred kilobytes whose `mimetype`
entry inflates to 300 MiB, or a .docx whose `[Content_Types].xml` does, is refused with a message
while the process stays within 50 MB of where it was; the check reads the archive's directory and
at most a few kilobytes of an entry (selfeval.files)."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from selfeval.files import EvidenceFileError, check_file

MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def _bomb(path: Path, entry: str, inflated: int, others: dict[str, bytes]) -> Path:
    """A ZIP whose `entry` inflates to `inflated` zero bytes, written a MiB at a time."""
    zeros = b"\x00" * MIB
    info = zipfile.ZipInfo(entry)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(info, "w") as out:
            for _ in range(inflated // MIB):
                out.write(zeros)
        for name, body in others.items():
            archive.writestr(name, body)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "plan.odt": _bomb(folder / "plan.odt", "mimetype", 300 * MIB, {"content.xml": b"<x/>"}),
        "minutes.docx": _bomb(
            folder / "minutes.docx", "[Content_Types].xml", 300 * MIB, {"word/document.xml": b"<w:document/>"}
        ),
    }


# Run in a fresh interpreter so that its peak resident size (ru_maxrss) is this check's alone.
_MEASURE = """
import json, os, resource, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
django.setup()
from selfeval.files import EvidenceFileError, check_file
name, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    check_file(name, data)
    message = ""
except EvidenceFileError as error:
    message = str(error)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"idle_kib": idle, "peak_kib": peak, "message": message}))
"""


@pytest.mark.parametrize("name", ["plan.odt", "minutes.docx"])
def test_it_refuses_a_zip_bomb_within_50_mb_of_the_idle_size(bombs, name):
    path = bombs[name]
    assert path.stat().st_size < 1 * MIB  # a few hundred kilobytes, well under the upload limit
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, name, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    grew_mb = (measured["peak_kib"] - measured["idle_kib"]) / 1024
    assert grew_mb < 50, f"the check took the process {grew_mb:.0f} MB past its idle size"
    assert "would inflate to far more than any document" in measured["message"]


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_it_refuses_an_entry_that_inflates_more_than_a_document_does():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (4 * MIB)})
    with pytest.raises(EvidenceFileError, match=r"one part inflates \d+ times"):
        check_file("minutes.docx", data)


def test_it_refuses_an_entry_whose_declared_size_is_too_large_before_reading_it():
    from selfeval import files

    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 300, "content.xml": b"<x/>"})
    with pytest.raises(EvidenceFileError, match="its mimetype is over 256 bytes"):
        check_file("plan.odt", data)
    assert files.ZIP_MIMETYPE_MAX_BYTES == 256


def test_it_refuses_more_entries_than_a_document_has(settings):
    entries = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    entries.update({f"word/media/{n}.txt": b"" for n in range(10_001)})
    with pytest.raises(EvidenceFileError, match="too many entries"):
        check_file("minutes.docx", _zip(entries, zipfile.ZIP_STORED))


def test_it_refuses_compression_office_programs_do_not_use():
    data = _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, zipfile.ZIP_LZMA
    )
    with pytest.raises(EvidenceFileError, match="compressed in a way"):
        check_file("plan.odt", data)


def test_it_still_accepts_a_document_with_a_long_but_ordinary_content_types_part():
    overrides = b"".join(
        b'<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % n
        for n in range(2000)
    )
    data = _zip({"[Content_Types].xml": b"<Types>" + overrides + b"</Types>", "xl/workbook.xml": b"<w/>"})
    assert check_file("figures.xlsx", data).extension == "xlsx"


def test_it_finds_macros_named_across_the_chunks_it_reads():
    padding = b" " * (4096 - 5)  # the name straddles the first 4 KiB chunk's end
    data = _zip(
        {
            "[Content_Types].xml": b"<Types>" + padding + b"application/vnd.ms-word.document.macroEnabled"
            b".main+xml</Types>",
            "word/document.xml": b"<w:document/>",
        }
    )
    with pytest.raises(EvidenceFileError, match="macros"):
        check_file("minutes.docx", data)
