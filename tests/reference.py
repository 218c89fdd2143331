"""The reference report: The Heath School's 2010 IQM reassessment letter, as plain text.

Tests compare what the application stores and prints with this letter. The text file is an
extraction of the issued letter, so it carries page-break artefacts (a repeated date line, a
running header) that are not content; the helpers here drop them and rejoin the paragraphs
that a page break split in two.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

REFERENCE_PATH = Path(__file__).resolve().parent / "data" / "heath-2010-iqm-report.txt"

# Lines that a page break put into the extracted text.
_ARTEFACTS = frozenset({"3rd August 2010", "Assessment Report by IQM"})

# Section headings, by how their line starts ("Key Areas of Success are:-" and so on).
_HEADINGS = (
    "Summary",
    "Context of the School and Sources of Data",
    "Portfolio and Other Supporting Evidence",
    "Key Areas of Success",
    "Minor Areas for Development",
)
_ELEMENT_HEADING = re.compile(r"Element \d+ - .+")
# Sub-headings (compared case-insensitively): they open content but are not listed.
_SUBHEADINGS = frozenset({"specific issues known", "strengths:-", "areas for development:-"})
# Letter furniture: the signatures, the confirmation and the details table.
_FURNITURE = re.compile(
    r"Assessor: .*|Date: .*|Findings confirmed by .*|\.+|Joe McCann .*|Director of .*|.*\t.*"
)

_BULLET = re.compile(r"-(?: (?P<text>.*))?")
_NUMBERED = re.compile(r"\d+\. .*")

_CHARACTERS = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"} | {"*": None}
)


def normalise(text: str) -> str:
    """Reduce text to a form in which a PDF's extracted text and the reference compare equal.

    Folds compatibility characters (ligatures, non-breaking spaces), maps curly quotes to
    straight ones and en/em dashes to "-", drops the asterisks that mark italics and
    collapses runs of whitespace to one space.
    """
    text = unicodedata.normalize("NFKC", text).translate(_CHARACTERS)
    return " ".join(text.split())


def _heading(line: str) -> str | None:
    """Return the section heading that a line of the letter is, or None."""
    if _ELEMENT_HEADING.fullmatch(line):
        return line
    return next((heading for heading in _HEADINGS if line.startswith(heading)), None)


@cache
def _parse() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read the letter into its headings and its content blocks, in order, not normalised."""
    headings: list[str] = []
    blocks: list[str] = []
    in_body = False  # False in the address block and in the furniture
    open_paragraph = False  # the last block is a paragraph that a page break may continue
    for raw in REFERENCE_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line in _ARTEFACTS:
            continue
        heading = _heading(line)
        if heading is not None or line.lower() in _SUBHEADINGS:
            if heading is not None:
                headings.append(heading)
            in_body, open_paragraph = True, False
        elif _FURNITURE.fullmatch(line):
            in_body = False
        elif not in_body:
            continue
        elif bullet := _BULLET.fullmatch(line):
            if bullet["text"]:  # the letter has two empty bullets
                blocks.append(bullet["text"])
            open_paragraph = False
        elif _NUMBERED.fullmatch(line):
            blocks.append(line)
            open_paragraph = False
        elif open_paragraph and line[0].islower():
            blocks[-1] += " " + line  # the rest of a paragraph split by a page break
        else:
            blocks.append(line)
            open_paragraph = True
    return tuple(headings), tuple(blocks)


def reference_blocks() -> list[str]:
    """Every paragraph and list item of the letter, normalised, in order.

    The summary comes twice, as in the letter: first, and again after Element 10.
    """
    return [normalise(block) for block in _parse()[1]]


def reference_headings() -> list[str]:
    """Return the section headings in order: "Summary", …, "Element 10 - The Community".

    The summary's heading, which the letter repeats at its end, is listed once.
    """
    return list(dict.fromkeys(normalise(heading) for heading in _parse()[0]))


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Assert that each needle occurs in the normalised haystack after the one before it."""
    text = normalise(haystack)
    position = 0
    for index, needle in enumerate(needles):
        wanted = normalise(needle)
        found = text.find(wanted, position)
        if found < 0:
            problem = "out of order" if wanted in text else "not found"
            raise AssertionError(f"needle {index} {problem}: {wanted[:80]!r}")
        position = found + len(wanted)
