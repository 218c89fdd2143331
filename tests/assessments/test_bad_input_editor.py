"""Awkward input in the editor: a clear message and an unchanged database for what cannot be
stored; everything else stored exactly as typed and always shown escaped. Runs on SQLite and
on PostgreSQL (which cannot store a NUL character at all)."""

import pytest
from django.urls import reverse

from assessments.editing import MAX_ITEM_LENGTH, MAX_TEXT_LENGTH
from assessments.models import Assessment, Finding, Statement

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
JSON = {"Accept": "application/json"}

KEPT_AS_TYPED = {
    "script": "<script>alert('x')</script> & \"quotes\"",
    "emoji": "Pupils 😀👍🏽 and staff 👩‍🏫 — 🇬🇧",
    "welsh": "Ysgol Gymraeg Bro Ŵyr: ŵ ŷ â ê î ô û ï ë, Llanfair-ym-Muallt",
    "rtl": "مدرسة شاملة — בית ספר כולל — mixed עברית text",
    "word": "“Smart quotes” – en dash — em dash… ellipsis\u00a0non-breaking\ttab",
    "long": ("A very long paragraph of evidence. " * 6000)[:MAX_TEXT_LENGTH],  # at the limit
}


@pytest.fixture
def editor(client, lead):
    client.force_login(lead)
    return client


def summary(draft):
    return Assessment.objects.get(pk=draft.pk).summary


# What cannot be stored ------------------------------------------------------------------------


def test_a_nul_character_gets_a_message_on_every_path(editor, draft):
    before = Assessment.objects.get(pk=draft.pk).version
    text = "Before\x00after"
    page = editor.post(
        reverse("assessment_section", args=[draft.pk, "summary"]), {"version": before, "summary": text}
    )
    assert page.status_code == 200
    assert b"NUL character" in page.content
    auto = editor.post(
        reverse("assessment_section_autosave", args=[draft.pk, "summary"]),
        {"field": "summary", "summary": text, "version": before},
        headers=JSON,
    )
    assert auto.status_code == 400 and "NUL character" in auto.json()["error"]
    element = editor.post(
        reverse("assessment_element", args=[draft.pk, 1]), {"version": 0, "narrative": text}
    )
    assert b"NUL character" in element.content
    item = editor.post(
        reverse("statement_add", args=[draft.pk, "key_success"]), {"key_success-add-text": text}, headers=HTMX
    )
    assert b"NUL character" in item.content
    assert Assessment.objects.get(pk=draft.pk).version == before
    assert summary(draft) == ""
    assert not Finding.objects.filter(assessment=draft).exists()
    assert not Statement.objects.filter(assessment=draft).exists()


def test_the_form_keeps_the_rest_of_the_text_around_a_nul(editor, draft):
    page = editor.post(
        reverse("assessment_section", args=[draft.pk, "context"]),
        {"version": draft.version, "context": "Keep all of this 😀 <b>\x00 and this"},
    )
    assert "Keep all of this 😀 &lt;b&gt;\x00 and this</textarea>" in page.content.decode()


def test_text_longer_than_a_field_holds_is_refused_with_its_length(editor, draft):
    text = "x" * (MAX_TEXT_LENGTH + 1)
    page = editor.post(
        reverse("assessment_section", args=[draft.pk, "evidence"]),
        {"version": draft.version, "evidence": text},
    )
    assert page.status_code == 200
    assert f"This text is {MAX_TEXT_LENGTH + 1:,} characters long".encode() in page.content
    assert b"maxlength" not in page.content  # a browser would cut a paste short silently
    item = editor.post(
        reverse("statement_add", args=[draft.pk, "minor_area"]),
        {"minor_area-add-text": "y" * (MAX_TEXT_LENGTH + 1)},
    )
    assert b"characters long" in item.content
    assert Assessment.objects.get(pk=draft.pk).evidence == ""
    assert not Statement.objects.filter(assessment=draft).exists()


@pytest.mark.parametrize("text", ["   ", "\n\n", " \t \r\n "])
def test_a_list_item_of_only_spaces_is_refused(editor, draft, text):
    response = editor.post(
        reverse("element_statement_add", args=[draft.pk, 2, "strength"]), {"strength-add-text": text}
    )
    assert b"only spaces" in response.content
    assert not Statement.objects.filter(assessment=draft).exists()


def test_a_visit_ending_before_it_starts_is_refused(editor, draft):
    response = editor.post(
        reverse("assessment_section", args=[draft.pk, "details"]),
        {"version": draft.version, "visit_start": "2026-11-10", "visit_end": "2026-11-01", "letter_date": ""},
    )
    assert b"cannot be before the first day" in response.content
    assert Assessment.objects.get(pk=draft.pk).visit_end == draft.visit_end


@pytest.mark.parametrize("version", ["", "abc", "-1", "1e9999", "99999999999999999999"])
def test_a_missing_or_garbled_version_is_a_message_not_an_error(editor, draft, version):
    response = editor.post(
        reverse("assessment_section", args=[draft.pk, "summary"]), {"version": version, "summary": "Hello"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert summary(draft) == ""
    auto = editor.post(
        reverse("assessment_element_autosave", args=[draft.pk, 1]),
        {"field": "narrative", "narrative": "Hi", "version": version},
        headers=JSON,
    )
    assert auto.status_code == 400


# What is stored exactly as typed ----------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(KEPT_AS_TYPED))
def test_awkward_text_is_stored_as_typed_in_a_section(editor, draft, case):
    text = KEPT_AS_TYPED[case]
    response = editor.post(
        reverse("assessment_section", args=[draft.pk, "summary"]), {"version": draft.version, "summary": text}
    )
    assert response.status_code == 302
    assert summary(draft) == text


@pytest.mark.parametrize("case", sorted(KEPT_AS_TYPED))
def test_awkward_text_is_stored_as_typed_by_autosave(editor, draft, case):
    text = KEPT_AS_TYPED[case]
    response = editor.post(
        reverse("assessment_element_autosave", args=[draft.pk, 3]),
        {"field": "narrative", "narrative": text, "version": 0},
        headers=JSON,
    )
    assert response.status_code == 200
    assert Finding.objects.get(assessment=draft, element__number=3).narrative == text


@pytest.mark.parametrize("case", sorted(KEPT_AS_TYPED))
def test_awkward_text_is_stored_as_typed_in_a_list_item(editor, draft, case):
    text = KEPT_AS_TYPED[case][:MAX_ITEM_LENGTH]  # a list item holds less than a field
    response = editor.post(
        reverse("statement_add", args=[draft.pk, "key_success"]), {"key_success-add-text": text}
    )
    assert response.status_code == 302
    assert Statement.objects.get(assessment=draft).text == text


def test_script_is_always_shown_escaped(editor, draft):
    text = KEPT_AS_TYPED["script"]
    editor.post(
        reverse("assessment_section", args=[draft.pk, "summary"]), {"version": draft.version, "summary": text}
    )
    editor.post(reverse("statement_add", args=[draft.pk, "key_success"]), {"key_success-add-text": text})
    editor.post(reverse("assessment_element", args=[draft.pk, 1]), {"version": 0, "narrative": text})
    pages = [
        reverse("assessment_section", args=[draft.pk, "summary"]),
        reverse("assessment_section", args=[draft.pk, "key_successes"]),
        reverse("assessment_element", args=[draft.pk, 1]),
        reverse("letter_preview_html", args=[draft.pk]),
        reverse("assessment_overview", args=[draft.pk]),
    ]
    for page in pages:
        html = editor.get(page).content.decode()
        assert "<script>alert" not in html, page
    preview = editor.get(reverse("letter_preview_html", args=[draft.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in preview


def test_unicode_is_shown_back_as_typed(editor, draft):
    for case in ("emoji", "welsh", "rtl"):
        editor.post(
            reverse("statement_add", args=[draft.pk, "minor_area"]),
            {"minor_area-add-text": KEPT_AS_TYPED[case]},
        )
    html = editor.get(reverse("assessment_section", args=[draft.pk, "minor_areas"])).content.decode()
    for case in ("emoji", "welsh", "rtl"):
        assert KEPT_AS_TYPED[case] in html


def test_a_paragraph_as_long_as_allowed_is_shown_back_whole(editor, draft):
    text = KEPT_AS_TYPED["long"]
    editor.post(
        reverse("assessment_section", args=[draft.pk, "evidence"]),
        {"version": draft.version, "evidence": text},
    )
    html = editor.get(reverse("assessment_section", args=[draft.pk, "evidence"])).content.decode()
    assert text + "</textarea>" in html
