"""Reading the library: the statements used often in confirmed letters, suggested to directors
for adoption (never added by themselves: the letters' words belong to their schools)."""

import dataclasses

from django.db.models import Count, Min

from assessments.models import Statement, Status
from library.models import LibraryStatement

# A statement is suggested when it is in the confirmed letters of at least this many schools.
MIN_SCHOOLS = 2
MAX_SUGGESTIONS = 50


@dataclasses.dataclass(frozen=True)
class Suggestion:
    """A list item that recurs in confirmed letters: its list, text, the element it is used for
    most (a strength or area), and in how many schools' letters it appears."""

    kind: str
    text: str
    element_id: int | None
    schools: int


def _key(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".;")


def suggestions() -> list[Suggestion]:
    """The list items of confirmed letters that recur across schools and are not yet in the
    library (retired ones included), the most used first (two queries)."""
    rows = (
        Statement.objects.filter(assessment__status=Status.CONFIRMED)
        .values("kind", "text")
        .annotate(schools=Count("assessment__school", distinct=True), element_id=Min("finding__element"))
        .filter(schools__gte=MIN_SCHOOLS)
        .order_by("-schools", "kind", "text")
    )
    known = {(kind, _key(text)) for kind, text in LibraryStatement.objects.values_list("kind", "text")}
    found = []
    for row in rows:
        if (row["kind"], _key(row["text"])) in known:
            continue
        found.append(Suggestion(row["kind"], row["text"], row["element_id"], row["schools"]))
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found
