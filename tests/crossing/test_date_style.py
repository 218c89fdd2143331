"""One date style on every page, in every message and email: "11 December 2026" (with the time
as "11 December 2026, 14:05"); the letters keep their own, "11th December 2026". And the history
in words: the factual check's lines name the part of the letter, never its internal token."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from assessments.dates import plain_date, plain_date_range
from assessments.models import Event
from factcheck import services as factcheck

ROOT = Path(__file__).resolve().parents[2]
LETTER_TEMPLATES = {"reports/letter.html"}  # the letter's own words, and its partials (_letter_*)
WORDS = importlib.import_module("factcheck.migrations.0002_event_comments_in_words")


def _page_templates():
    for path in sorted((ROOT / "templates").rglob("*.*")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if name in LETTER_TEMPLATES or Path(name).name.startswith("_letter"):
            continue
        yield name, path.read_text(encoding="utf-8")


def test_the_pages_write_dates_one_way():
    allowed = {"j F Y", "j F Y, H:i", "H:i", r"Y-m-d\TH:i:sO", "Y-m-d"}  # the last two for machines
    wrong = []
    for name, text in _page_templates():
        for found in re.findall(r"""\|(?:date|time):["']([^"']*)["']""", text):
            if found not in allowed:
                wrong.append(f"{name}: {found}")
        if "british_date" in text:
            wrong.append(f"{name}: british_date")
    assert wrong == []


def test_the_apps_code_writes_no_numeric_dates():
    """In f-strings and strftime; reading typed dates (assessments.forms.DATE_FORMATS) is fine."""
    wrong = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("tests/", ".venv/", "bench/", "node_modules/")) or "/migrations/" in relative:
            continue
        text = path.read_text(encoding="utf-8")
        wrong += [
            f"{relative}: {m}" for m in re.findall(r":%d/%m/%[Yy]\}|:%d %b %Y\}|strftime\(.%d/%m", text)
        ]
    assert wrong == []


def test_the_settings_format_dates_the_same_way():
    day = datetime.date(2026, 12, 11)
    assert formats.date_format(day) == "11 December 2026"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "11 December 2026"
    moment = datetime.datetime(2026, 12, 11, 14, 5)
    assert formats.date_format(moment, "DATETIME_FORMAT") == "11 December 2026, 14:05"


def test_the_pages_style_in_python():
    assert plain_date(datetime.date(2026, 12, 11)) == "11 December 2026"
    assert plain_date(None) == ""
    D = datetime.date
    assert plain_date_range(D(2010, 7, 14), D(2010, 7, 15)) == "14–15 July 2010"
    assert plain_date_range(D(2010, 7, 14), D(2010, 7, 14)) == "14 July 2010"
    assert plain_date_range(D(2010, 6, 30), D(2010, 7, 1)) == "30 June–1 July 2010"
    assert plain_date_range(D(2010, 12, 31), D(2011, 1, 1)) == "31 December 2010–1 January 2011"
    assert plain_date_range(None, D(2010, 7, 14)) == "14 July 2010"
    assert plain_date_range(None, None) == ""


@pytest.mark.django_db
def test_the_history_tells_the_factual_check_in_words_and_dates_one_way(
    client, director, lead, headteacher, submitted
):
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    factcheck.check_send(assessment=submitted, by=director, deadline=deadline)
    comment = factcheck.comment_add(
        assessment=submitted, by=headteacher, target="section:context", text="The roll is 450."
    )
    factcheck.comment_answer(comment=comment, by=lead, changed=False, text="The roll was 450 in 2010.")
    second = factcheck.comment_add(assessment=submitted, by=headteacher, target="element:1", text="A fact.")
    factcheck.comment_answer(comment=second, by=lead, changed=True, text="Corrected.")

    client.force_login(director)
    page = client.get(reverse("review_history", args=[submitted.pk])).content.decode()
    assert "section:" not in page and "element:" not in page
    assert f"Deadline {plain_date(deadline)}." in page
    assert "On Context of the school and sources of data." in page
    assert "Context of the school and sources of data: not changed; the answer says why." in page
    element = submitted.framework.elements.get(number=1)
    assert f"Element 1 – {element.title}: changed as the school&#x27;s comment asked." in page
    assert re.search(rf"{timezone.localdate():%B} {timezone.localdate().year}, \d\d:\d\d</time>", page)
    assert not re.search(r"\d(st|nd|rd|th) [A-Z]", page)  # no ordinals beside the plain dates


def test_events_recorded_before_were_put_in_words():
    elements = {1: "Element 1 – Leadership"}
    assert WORDS.in_words("Deadline 11/12/2026.", elements) == "Deadline 11 December 2026."
    assert WORDS.in_words("On section:context.", elements) == "On Context of the school and sources of data."
    assert (
        WORDS.in_words("Not changed: section:summary.", elements)
        == "Summary: not changed; the answer says why."
    )
    assert (
        WORDS.in_words("Changed: element:1.", elements)
        == "Element 1 – Leadership: changed as the school's comment asked."
    )
    assert WORDS.in_words("Deadline 31/02/2026.", elements) == "Deadline 31/02/2026."  # not a date
    assert WORDS.in_words("On element:9.", elements) == "On element:9."  # unknown: left as it was


@pytest.mark.django_db
def test_the_migration_rewrites_the_stored_comments(submitted, director):
    from django.apps import apps

    old = Event.objects.create(
        assessment=submitted,
        action="check_answered",
        by=director,
        at=timezone.now(),
        comment="Changed: element:1.",
    )
    other = Event.objects.create(
        assessment=submitted, action="returned", by=director, at=timezone.now(), comment="On section:context."
    )
    WORDS.forwards(apps, None)
    old.refresh_from_db()
    other.refresh_from_db()
    title = submitted.framework.elements.get(number=1).title
    assert old.comment == f"Element 1 – {title}: changed as the school's comment asked."
    assert other.comment == "On section:context."  # another action's comment is the director's own words


@pytest.mark.django_db
def test_a_deadline_message_is_in_words(submitted, director):
    past = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(factcheck.CheckError, match=rf"The deadline {plain_date(past)} is in the past"):
        factcheck.check_send(assessment=submitted, by=director, deadline=past)
