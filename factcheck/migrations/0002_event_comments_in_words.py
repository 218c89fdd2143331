"""The factual check's history lines in words: events recorded before them named the part of the
letter by its internal token ("Not changed: section:context.") and dates as 11/12/2026; they now
say "Context of the school and sources of data: not changed; the answer says why." and
"Deadline 11 December 2026.", as new events do (factcheck.services)."""

import datetime
import re

from django.db import migrations

# As factcheck.services.SECTIONS said when this migration was written.
SECTIONS = {
    "context": "Context of the school and sources of data",
    "evidence": "Portfolio and other supporting evidence",
    "summary": "Summary",
    "recommendation": "Recommendation",
    "details": "The school's details",
}
_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
_TARGET = re.compile(r"\b(section|element):(\w+)")
_ANSWER = re.compile(r"^(Changed|Not changed): (.+)\.$", re.DOTALL)


def _plain_date(match: re.Match) -> str:
    try:
        day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return match[0]
    return f"{day.day} {day:%B} {day.year}"


def in_words(comment: str, elements: dict[int, str]) -> str:
    def label(match: re.Match) -> str:
        if match[1] == "section":
            return SECTIONS.get(match[2], match[0])
        return elements.get(int(match[2]), match[0]) if match[2].isdigit() else match[0]

    text = _TARGET.sub(label, _DATE.sub(_plain_date, comment))
    answer = _ANSWER.match(text)
    if answer:
        done = (
            "changed as the school's comment asked"
            if answer[1] == "Changed"
            else "not changed; the answer says why"
        )
        text = f"{answer[2]}: {done}."
    return text


def forwards(apps, schema_editor):
    Event = apps.get_model("assessments", "Event")
    Element = apps.get_model("assessments", "Element")
    frameworks: dict[int, dict[int, str]] = {}
    events = Event.objects.filter(action__in=["check_sent", "check_commented", "check_answered"])
    for event in events.select_related("assessment").iterator():
        framework = event.assessment.framework_id
        if framework not in frameworks:
            frameworks[framework] = {
                e.number: f"Element {e.number} – {e.title}"
                for e in Element.objects.filter(framework_id=framework)
            }
        words = in_words(event.comment, frameworks[framework])
        if words != event.comment:
            event.comment = words
            event.save(update_fields=["comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("assessments", "0011_alter_event_action"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
