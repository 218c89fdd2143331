"""The badge a school puts on its website: an SVG image of its award level and year, and the
HTML snippet that shows it, linking to the letter's public verification page.

    badge_facts(report)          → BadgeFacts: the level, the year, and whether it still holds
    badge_svg(facts)             → the image (text escaped; carries its own <title>)
    badge_snippet(report, facts) → the HTML to paste, with the image's alternative text

The image says "Expired" or "Superseded" once the letter is no longer current, so a badge left
on a website never claims more than the verification page would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape

from assessments.models import Outcome
from reports.models import IssuedReport
from reports.verification import (
    IssuedLetter,
    LetterStatus,
    State,
    letter_status,
    public_address,
    verification_url,
)

WIDTH, HEIGHT = 240, 80
# Characters XML 1.0 does not allow: a name typed with one would make the image unreadable.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


@dataclass(frozen=True)
class BadgeFacts:
    level: str
    year: int | None
    state: str
    awarded: bool = True  # a letter that awards nothing has no badge (the view answers 404)

    @property
    def description(self) -> str:
        """ "Inclusion Quality Mark: Centre of Excellence, 2026" (with the state if not current)."""
        text = f"Inclusion Quality Mark: {self.level}"
        if self.year:
            text += f", {self.year}"
        if self.state != State.CURRENT:
            text += f" ({self.state})"
        return text


def badge_facts(report: IssuedReport | IssuedLetter, status: LetterStatus | None = None) -> BadgeFacts:
    """The badge of the report; `status` is its letter_status when the caller has it already."""
    letter = report if isinstance(report, IssuedLetter) else IssuedLetter.of(report)
    awarded = letter.outcome == Outcome.YES
    level = letter.level_name if awarded else "No award"
    day = letter.award_date
    return BadgeFacts(
        level=level,
        year=day.year if day else None,
        state=(status or letter_status(letter)).state,
        awarded=awarded,
    )


def badge_svg(facts: BadgeFacts) -> str:
    current = facts.state == State.CURRENT
    # Contrast above 4.5:1 for every text colour on its background (WCAG AA).
    fill, ink = ("#0b4f6c", "#ffffff") if current else ("#f1f1f1", "#1f1f1f")
    state_line = "" if current else facts.state.capitalize()
    year = str(facts.year) if facts.year else ""
    lines = [
        ("Inclusion Quality Mark", 14, 22, "700"),
        (facts.level, 15, 44, "700"),
        (" · ".join(part for part in (year, state_line) if part), 13, 64, "400"),
    ]
    texts = "".join(
        f'<text x="{WIDTH // 2}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="middle">{_text(text)}</text>'
        for text, size, y, weight in lines
        if text
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_text(facts.description)}">'
        f"<title>{_text(facts.description)}</title>"
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="10" fill="{fill}" '
        f'stroke="#0b4f6c" stroke-width="2"/>'
        f'<g fill="{ink}" font-family="Carlito, Calibri, Arial, sans-serif">{texts}</g></svg>'
    )


def badge_url(report: IssuedReport | IssuedLetter) -> str:
    return public_address("verify_badge", report.verification_code)


def badge_snippet(report: IssuedReport | IssuedLetter, facts: BadgeFacts) -> str:
    """The HTML a school pastes into its website: the badge, linking to the verification page."""
    alt = f"{facts.description}. Check that it is genuine."
    return (
        f'<a href="{escape(verification_url(report.verification_code))}">'
        f'<img src="{escape(badge_url(report))}" width="{WIDTH}" height="{HEIGHT}" alt="{escape(alt)}">'
        f"</a>"
    )
