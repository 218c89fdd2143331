"""The issued letter as a web page: the same words in the same order as the signed PDF, for the
school's staff and IQM; published by the headteacher's choice at /verify/<code>/letter/; its
badge and the snippet that shows it."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import User
from assessments import services
from assessments.dates import british_date
from reports import publishing
from reports.models import IssuedReport, LetterPublication
from tests.factories import UserFactory
from tests.letter_html import article_words
from tests.letter_pdf import body_text

pytestmark = pytest.mark.django_db


def _stored(report) -> bytes:
    with default_storage.open(report.file.name, "rb") as stored:
        return stored.read()


def _page(report) -> str:
    return reverse("issued_letter", args=[report.pk])


def _public(report) -> str:
    return reverse("verify_letter_html", args=[report.verification_code])


@pytest.fixture
def demo_report(demo):
    return IssuedReport.objects.get(assessment=demo)


@pytest.fixture
def report(confirmed):
    return IssuedReport.objects.get(assessment=confirmed)


def _without_list_numbers(words: list[str]) -> list[str]:
    # An ordered list's numbers are drawn apart from their items, and the PDF's reader finds
    # them wherever they were drawn; the page's come from CSS and are not in its text.
    return [word for word in words if not re.fullmatch(r"\d{1,2}\.", word)]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["2010-letter", "coe-review", "themed-flagship"])
def test_the_web_page_has_the_pdfs_words_in_the_pdfs_order(client, demo, which):
    # The demo's three issued letters, in the order load_demo makes them.
    report = list(IssuedReport.objects.order_by("assessment_id"))[which]
    client.force_login(User.objects.get(username="headteacher" if which != 2 else "director"))
    response = client.get(_page(report))
    assert response.status_code == 200
    words = _without_list_numbers(article_words(response.content.decode()))
    pdf_words = _without_list_numbers(body_text(_stored(report)).split())
    # The PDF's reader drops the letter's date with the page furniture (it heads every
    # continuation page); the page prints it once, first.
    date = british_date(report.assessment.letter_date).split()
    assert words[: len(date)] == date
    if pdf_words[: len(date)] == date:
        pdf_words = pdf_words[len(date) :]
    assert words[len(date) :] == pdf_words
    assert len(pdf_words) > 500


def test_the_page_has_its_headings_lists_verification_and_pdf_link(client, demo_report):
    client.force_login(User.objects.get(username="headteacher"))
    page = client.get(_page(demo_report)).content.decode()
    assert page.count("<h1") == 1
    assert '<h2 class="section-heading element-heading">Element 1 - ' in page
    assert "<ul" in page and "<li>" in page
    assert "Expired." in page
    assert demo_report.sha256 in page
    assert reverse("verify_letter", args=[demo_report.verification_code]) in page
    assert f'href="{reverse("issued_report_download", args=[demo_report.pk])}"' in page


def test_the_school_and_iqm_read_it_others_get_404(
    client, report, headteacher, director, lead, other_headteacher
):
    colleague = UserFactory(role="school_user", school=report.assessment.school)
    for reader in (headteacher, colleague, director, lead):
        client.force_login(reader)
        assert client.get(_page(report)).status_code == 200, reader
    client.force_login(other_headteacher)
    assert client.get(_page(report)).status_code == 404
    client.logout()
    response = client.get(_page(report))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unpublished_the_public_address_is_a_plain_404(client, report):
    for path in (_public(report), reverse("verify_letter_pdf", args=[report.verification_code])):
        response = client.get(path)
        assert response.status_code == 404
        assert report.assessment.school.name not in response.content.decode()


def test_the_headteacher_publishes_and_anyone_reads_it_then_takes_it_down(client, report, headteacher):
    client.force_login(headteacher)
    response = client.post(reverse("publish_letter", args=[report.pk]), {"published": "yes"}, follow=True)
    assert "The letter is published" in response.content.decode()
    assert publishing.is_published(report)
    client.logout()
    page = client.get(_public(report))
    assert page.status_code == 200
    assert report.assessment.school.name in page.content.decode()
    assert "Sharing this letter" not in page.content.decode()
    pdf = client.get(reverse("verify_letter_pdf", args=[report.verification_code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == _stored(report)

    verify_page = client.get(reverse("verify_letter", args=[report.verification_code])).content.decode()
    assert f'href="{_public(report)}"' in verify_page

    client.force_login(headteacher)
    client.post(reverse("publish_letter", args=[report.pk]), {"published": "no"})
    client.logout()
    assert client.get(_public(report)).status_code == 404
    assert (
        _public(report)
        not in client.get(reverse("verify_letter", args=[report.verification_code])).content.decode()
    )
    row = LetterPublication.objects.get(report=report)
    assert [h.published for h in row.history.order_by("history_date")] == [True, False]
    assert row.changed_by == headteacher


@pytest.mark.parametrize("who", ["colleague", "director", "lead"])
def test_only_the_headteacher_decides(client, report, director, lead, who):
    user = {
        "colleague": lambda: UserFactory(role="school_user", school=report.assessment.school),
        "director": lambda: director,
        "lead": lambda: lead,
    }[who]()
    client.force_login(user)
    response = client.post(reverse("publish_letter", args=[report.pk]), {"published": "yes"}, follow=True)
    assert "headteacher decides whether its letter is published" in response.content.decode()
    assert not LetterPublication.objects.exists()
    assert 'name="published"' not in client.get(_page(report)).content.decode()


def test_another_schools_headteacher_cannot_publish(client, report, other_headteacher):
    client.force_login(other_headteacher)
    assert client.post(reverse("publish_letter", args=[report.pk]), {"published": "yes"}).status_code == 404
    assert not LetterPublication.objects.exists()


@pytest.mark.parametrize("value", [None, "", "maybe", "YES"])
def test_a_bad_choice_says_so_and_changes_nothing(client, report, headteacher, value):
    client.force_login(headteacher)
    data = {} if value is None else {"published": value}
    response = client.post(reverse("publish_letter", args=[report.pk]), data, follow=True)
    assert response.status_code == 200
    assert "Choose whether to publish the letter." in response.content.decode()
    assert not LetterPublication.objects.exists()


def test_publishing_needs_a_post(client, report, headteacher):
    client.force_login(headteacher)
    assert client.get(reverse("publish_letter", args=[report.pk])).status_code == 405


def test_the_public_letter_is_throttled(client, report, headteacher, settings):
    publishing.set_published(report, headteacher, True)
    settings.IQM_VERIFY_CLIENT_LIMIT = 2
    assert client.get(_public(report)).status_code == 200
    assert client.get(_public(report)).status_code == 200
    assert client.get(_public(report)).status_code == 429


def test_a_superseded_letter_links_to_the_newer_one(client, confirmed, director, lead, headteacher):
    original = IssuedReport.objects.get(assessment=confirmed)
    revision = services.assessment_reopen(assessment=confirmed, by=director, reason="A typing error.")
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    newer = IssuedReport.objects.get(assessment=revision)
    client.force_login(headteacher)
    page = client.get(_page(original)).content.decode()
    assert "Superseded." in page
    assert f'href="{_page(newer)}"' in page
    publishing.set_published(original, headteacher, True)
    client.logout()
    public = client.get(_public(original)).content.decode()
    assert f'href="{reverse("verify_letter", args=[newer.verification_code])}"' in public


def test_school_text_is_escaped_on_the_page(client, submitted, director, headteacher):
    school = submitted.school
    school.name = "<b>Bold</b> School"
    school.save()
    services.assessment_confirm(assessment=submitted, by=director)
    report = IssuedReport.objects.get(assessment=submitted)
    client.force_login(headteacher)
    page = client.get(_page(report)).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; School" in page
    assert "<b>Bold</b>" not in page


def test_the_headteachers_home_links_to_the_page(client, report, headteacher):
    client.force_login(headteacher)
    assert f'href="{_page(report)}"' in client.get(reverse("home")).content.decode()


def test_the_public_pages_run_a_fixed_handful_of_queries(client, demo, django_assert_max_num_queries):
    report = IssuedReport.objects.get(assessment=demo)
    # The letter's own context is read in a fixed number of queries whatever its size
    # (tests/reports/test_preview_html.py); the page adds the report, its status and its publication.
    # The badge: the report (with its assessment and level) and whether a revision replaced it.
    with django_assert_max_num_queries(10):
        assert client.get(_public(report)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(reverse("verify_badge", args=[report.verification_code])).status_code == 200


def test_the_page_keeps_the_letter_as_issued_when_names_change_later(client, report, headteacher, director):
    assert report.letter_html
    director.last_name = "Renamed-Later"
    director.save()
    report.assessment.kind.letter_title = "A title given later"
    report.assessment.kind.save()
    client.force_login(headteacher)
    page = client.get(_page(report)).content.decode()
    assert "Renamed-Later" not in page
    assert "McCann" in page


def test_a_letter_issued_before_pages_were_kept_is_rendered_from_its_assessment(client, report, headteacher):
    from django.db import connection

    # The app never changes an issued report's row: the test clears the kept body behind its back.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_issuedreport SET letter_html = '' WHERE id = %s", [report.pk])
    client.force_login(headteacher)
    page = client.get(_page(report)).content.decode()
    assert "Element 1 - " in page
    assert report.verification_code[:5] in page


def test_a_letter_that_awards_nothing_offers_no_badge(client, report, headteacher):
    from django.db import connection

    from assessments.models import Outcome

    # A confirmed assessment is frozen to the app: the test sets its outcome behind its back.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_assessment SET outcome = %s WHERE id = %s", [Outcome.NO, report.assessment_id]
        )
    client.force_login(headteacher)
    page = client.get(_page(report)).content.decode()
    assert "makes no award" in page
    assert 'id="badge-snippet"' not in page
    assert client.get(reverse("verify_badge", args=[report.verification_code])).status_code == 404
