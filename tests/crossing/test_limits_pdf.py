"""The letter's PDF is made within a time limit (IQM_PDF_TIMEOUT_SECONDS): a preview that hits
it gets a clear error page, a confirmation that hits it leaves the assessment unconfirmed with
a message; and an unbroken 3,000-character word wraps instead of being clipped."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Status
from reports import letter
from reports.models import IssuedReport
from tests.letter_pdf import body_text, page_body_lines

pytestmark = pytest.mark.django_db

# A word with no break opportunity in it, each letter's place in it checkable.
WORD = "".join(chr(ord("a") + (index * 7) % 26) for index in range(3000))

# No PDF renderer starts, let alone finishes, within a microsecond.
NO_TIME = 0.000001


def test_a_3000_character_word_prints_whole(complete_draft):
    complete_draft.summary = f"Before {WORD} after."
    complete_draft.save()
    pdf = letter.render_pdf(complete_draft, draft=True)
    text = body_text(pdf)
    # The word wraps over many lines; joined again, every character is there, in order.
    assert WORD in "".join(text.split())
    assert "Before" in text and "after." in text
    # No line is wider than an A4 line holds (about a hundred characters at 11pt): unwrapped,
    # the word was one line of 3,000, all but the first fifty-odd printed past the margin.
    assert max(len(line) for page in page_body_lines(pdf) for line in page) < 150


def test_the_renderer_runs_in_a_child_with_a_time_limit(complete_draft, settings):
    html = letter.render_html(letter.gather_context(complete_draft, draft=True))
    assert letter.html_to_pdf(html).startswith(b"%PDF-")
    settings.IQM_PDF_TIMEOUT_SECONDS = NO_TIME
    with pytest.raises(letter.RenderTimeout, match="took longer than"):
        letter.html_to_pdf(html)


def test_a_preview_that_hits_the_limit_is_a_clear_error_page(client, lead, complete_draft, settings):
    settings.IQM_PDF_TIMEOUT_SECONDS = NO_TIME
    client.force_login(lead)
    response = client.get(reverse("letter_preview_pdf", args=[complete_draft.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "The PDF of this letter could not be made" in page
    assert "took longer than" in page
    assert reverse("letter_preview_html", args=[complete_draft.pk]) in page


def test_a_confirm_that_hits_the_limit_leaves_the_assessment_unconfirmed(
    client, submitted, director, settings
):
    settings.IQM_PDF_TIMEOUT_SECONDS = NO_TIME
    with pytest.raises(services.WorkflowError, match="was not confirmed"):
        services.assessment_confirm(assessment=submitted, by=director)

    client.force_login(director)
    response = client.post(
        reverse("review_confirm", args=[submitted.pk]), {"version": submitted.version}, follow=True
    )
    assert response.status_code == 200
    assert "took longer than" in response.content.decode()
    stored = Assessment.objects.get(pk=submitted.pk)
    assert (stored.status, stored.confirmed_by_id, stored.expires_on) == (Status.SUBMITTED, None, None)
    assert not IssuedReport.objects.exists()
    assert not (settings.MEDIA_ROOT / "issued-reports").exists()

    settings.IQM_PDF_TIMEOUT_SECONDS = 30
    services.assessment_confirm(assessment=stored, by=director)
    assert Assessment.objects.get(pk=submitted.pk).status == Status.CONFIRMED


def test_render_report_says_so_too(complete_draft, settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.IQM_PDF_TIMEOUT_SECONDS = NO_TIME
    with pytest.raises(CommandError, match="took longer than"):
        call_command("render_report", complete_draft.pk, str(tmp_path / "out.pdf"))
    assert not (tmp_path / "out.pdf").exists()
