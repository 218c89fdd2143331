"""The rules a kind of visit sets on the school's awards before it can be scheduled.

A kind may need the school to hold a level (VisitKind.requires_level, that level or higher) on
the day of the visit, and to have held it for some years without a break (requires_years): a
Centre of Excellence review needs a current Centre of Excellence award; a Flagship assessment at
least three years as a Centre of Excellence. The rules are read from the kind's row, so a new
kind needs no code. The scheduling service refuses a visit that breaks them unless the director
gives a reason to override, which the history records.
"""

import datetime

from assessments import awards
from assessments.dates import add_years, plain_date
from assessments.kinds import VisitKind


def held_since(
    history: list[awards.Award], *, rank: int, on: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """(since, until): the unbroken run of awards of at least `rank` that the school holds on
    `on` — the day the run began and the day it runs out — or None if it holds none that day.
    Awards are those of awards_for_school."""
    held = sorted(
        (award for award in history if award.rank >= rank and award.confirmed_on <= on),
        key=lambda award: award.confirmed_on,
    )
    if not held or not any(award.is_valid_on(on) for award in held):
        return None
    since = None
    covered_until = None
    for award in held:
        if covered_until is not None and award.confirmed_on > covered_until:
            since = None  # a gap: the run starts again
        if since is None:
            since = award.confirmed_on
        ends = award.valid_until or datetime.date.max
        covered_until = ends if covered_until is None else max(covered_until, ends)
    return since, covered_until


def last_lapsed(history: list[awards.Award], *, rank: int, on: datetime.date) -> awards.Award | None:
    """The award of at least `rank` that ran out most recently on or before `on`, or None if
    the school never held one that has run out by then. Awards are those of
    awards_for_school."""
    lapsed = [
        award
        for award in history
        if award.rank >= rank and award.confirmed_on <= on and not award.is_valid_on(on)
    ]
    return max(lapsed, key=lambda award: award.valid_until, default=None)


def _award_name(label: str) -> str:
    """ "Centre of Excellence award"; a level already called an award ("Inclusive School
    Award") keeps its name."""
    return label if label.lower().endswith("award") else f"{label} award"


def prerequisite(kind: VisitKind) -> str:
    """The award the kind needs first, as a sentence; "" when it needs none."""
    needed = kind.requires_level
    if needed is None:
        return ""
    if kind.requires_years:
        return (
            f"A {kind.name} needs the school to have held the {_award_name(needed.name)} (or a higher one) "
            f"for at least {kind.requires_years} years without a break."
        )
    return f"A {kind.name} needs the school to hold a current {_award_name(needed.name)} (or a higher one)."


def schedule_problems(*, school, kind: VisitKind, on: datetime.date) -> list[str]:
    """Why the school may not have a visit of this kind on this day; [] when it may."""
    needed = kind.requires_level
    if needed is None:
        return []
    history = awards.awards_for_school(school)
    held = held_since(history, rank=needed.rank, on=on)
    name = school.letter_name
    if held is None:
        current = awards.current_award(school, today=on, history=history)
        lapsed = last_lapsed(history, rank=needed.rank, on=on)
        needs = (
            f"A {kind.name} needs the school to hold the {_award_name(needed.name)} (or a higher one) on "
            f"the day of the visit, {plain_date(on)}; "
        )
        if lapsed is None:
            holds = f"holds the {current.label}" if current else "holds no current IQM award"
            return [f"{needs}{name} {holds}."]
        # Say what lapsed and when, not "no award": the director sees why, and how long ago.
        ran_out = (
            f"{_award_name(lapsed.label)} ran out on {plain_date(lapsed.valid_until)}, before the "
            f"visit on {plain_date(on)}"
        )
        if current is not None:
            return [f"{needs}{name} holds the {current.label}, but its {ran_out}."]
        return [f"{needs}{name}'s {ran_out}."]
    # Years held count to the end of the award in force: three annual Centre of Excellence
    # awards in a row are three years as a Centre of Excellence.
    since, until = held
    if kind.requires_years and add_years(since, kind.requires_years) > until:
        return [
            f"A {kind.name} needs at least {kind.requires_years} years as a {needed.name}; {name} "
            f"has held it since {plain_date(since)}, and its award runs to {plain_date(until)}."
        ]
    return []


def suggested_kind(school, *, today: datetime.date | None = None) -> str:
    """The kind of visit the school's award calls for next: the renewal of the award it holds
    (a review of a Centre of Excellence or Flagship, a reassessment), an assessment if none."""
    today = today or datetime.date.today()
    history = awards.awards_for_school(school)
    current = awards.current_award(school, today=today, history=history) or (history[0] if history else None)
    if current is None:
        return VisitKind.ASSESSMENT
    renewal = (
        VisitKind.objects.filter(
            active=True, award_level__code=current.level, requires_level__code=current.level
        )
        .values_list("code", flat=True)
        .first()
    )
    return renewal or VisitKind.REASSESSMENT
