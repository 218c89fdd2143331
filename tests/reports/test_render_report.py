"""python manage.py render_report ID OUT.pdf writes the letter of any assessment, DRAFT-marked
unless it is confirmed."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.letter_pdf import body_text, page_texts

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_report", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_it_writes_the_confirmed_reference_letter_without_draft(demo, tmp_path):
    out = tmp_path / "heath.pdf"
    message = run(demo.pk, out)
    pages = page_texts(out.read_bytes())
    assert len(pages) > 8
    assert not any("DRAFT" in page for page in pages)
    assert "Element 10 - The Community" in body_text(out.read_bytes())
    assert f"Wrote {out}" in message
    assert "DRAFT" not in message


def test_it_marks_every_page_of_an_unconfirmed_assessment_draft(complete_draft, tmp_path):
    out = tmp_path / "draft.pdf"
    message = run(complete_draft.pk, out)
    assert all("DRAFT" in page for page in page_texts(out.read_bytes()))
    assert "marked DRAFT" in message


def test_it_refuses_an_unknown_assessment(tmp_path):
    with pytest.raises(CommandError, match="No assessment has the id 999999"):
        run(999999, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_it_refuses_a_folder_that_does_not_exist(complete_draft, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(complete_draft.pk, tmp_path / "missing" / "x.pdf")
