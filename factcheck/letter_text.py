"""The draft letter as plain text, and what changed in it since the school was sent it.

When the director sends the draft to the school (services.check_send) its letter is kept as
plain text (FactualCheck.draft_text): one block of the letter a line, the headings of its
parts marked "## " and their sub-headings "### ".
At confirmation the director sees the differences between that text and the letter about to be
issued (review_panel), so a correction that never reached the letter, or a change no one
answered for, is seen before the letter is signed."""

import dataclasses
import difflib
from html.parser import HTMLParser

from django.template.loader import render_to_string

from assessments.history import word_diff

HEADING = "## "
SUBHEADING = "### "
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "tr", "div", "section", "table", "br", "ul", "ol", *_HEADINGS}
_SKIPPED = {"script", "style", "svg"}
# The details table has no heading in the letter; its lines go under this one.
DETAILS_HEADING = "The school's details"


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._words: list[str] = []
        self._heading = ""
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        if tag in _BLOCKS:
            self._end()
        if tag in _HEADINGS:
            classes = (dict(attrs).get("class") or "").split()
            self._heading = SUBHEADING if "subsection-heading" in classes else HEADING
        if tag == "table":
            self.lines.append(HEADING + DETAILS_HEADING)
        if tag in ("th", "td"):
            self._words.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        if tag in _BLOCKS:
            self._end()

    def handle_data(self, data):
        if not self._skipping:
            self._words.append(data)

    def _end(self):
        text = " ".join("".join(self._words).split())
        if text:
            self.lines.append(self._heading + text)
        self._words = []
        self._heading = ""


def text_of(html: str) -> str:
    """The letter's HTML body (reports/_letter_body.html) as plain text: one block a line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._end()
    return "\n".join(parser.lines)


def letter_html(assessment) -> str:
    """The draft letter's body as the school's page and the review page show it."""
    from reports import letter

    context = letter.gather_context(assessment, draft=True)
    context.update(section_level=3, subsection_level=4)
    return render_to_string("reports/_letter_body.html", context)


@dataclasses.dataclass(frozen=True)
class Change:
    """One place where the letter changed: the heading it is under, and its lines, each a list
    of (operation, text) pairs, operation one of "same", "removed", "added"."""

    heading: str
    lines: list


def changes(before: str, after: str) -> list[Change]:
    """The differences between two texts of the letter (text_of), in the letter's order. A line
    changed in place is shown word by word; lines removed or added whole are shown whole."""
    old, new = before.splitlines(), after.splitlines()
    found = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        heading = _heading_before(old, i1) if i1 < len(old) or not new else _heading_before(new, j1)
        removed, added = old[i1:i2], new[j1:j2]
        lines = []
        if op == "replace" and len(removed) == len(added):
            lines = [word_diff(_plain(a), _plain(b)) for a, b in zip(removed, added, strict=True)]
        else:
            lines = [[("removed", _plain(line))] for line in removed]
            lines += [[("added", _plain(line))] for line in added]
        found.append(Change(heading, lines))
    return found


def _plain(line: str) -> str:
    return line.removeprefix(SUBHEADING).removeprefix(HEADING)


def _heading_before(lines: list[str], index: int) -> str:
    """The heading of the part of the letter the line at `index` is in, with its sub-heading
    if it is under one: "Element 1 - Learner Progress, Strengths"."""
    subheading = ""
    for line in reversed(lines[: index + 1]):
        if line.startswith(SUBHEADING):
            subheading = subheading or _plain(line)
        elif line.startswith(HEADING):
            return _plain(line) + (f", {subheading}" if subheading else "")
    return "The letter's opening"
