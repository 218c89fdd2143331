"""The self-evaluation's pages (selfeval.views): the school writes, saves as it types, uploads
and removes evidence and submits; refused input is a message and changes nothing; files are
served as sandboxed attachments to the school and, once submitted, to the visit's team; the
assessor's element page shows the school's words, escaped. Runs on SQLite and PostgreSQL."""

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from assessments.models import Event
from selfeval.models import ElementEvaluation, Evidence, SelfEvaluation
from selfeval.services import add_file, add_link, self_evaluation_for, submit
from tests.evidence_files import ELF, HTML, MINIMAL_PDF, WINDOWS_EXE
from tests.factories import HeadteacherFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def element_url(draft, name="selfeval_element", number=1):
    return reverse(name, args=[draft.pk, number])


def first_row(draft, by) -> ElementEvaluation:
    return self_evaluation_for(draft, by=by).elements.get(element__number=1)


@pytest.fixture
def school_client(client, headteacher):
    client.force_login(headteacher)
    return client


# Writing -------------------------------------------------------------------------------------


def test_the_first_visit_writes_nothing_and_offers_to_start(school_client, draft):
    page = school_client.get(reverse("selfeval_overview", args=[draft.pk])).content.decode()
    assert not SelfEvaluation.objects.filter(assessment=draft).exists()  # a GET never writes
    assert reverse("selfeval_start", args=[draft.pk]) in page
    # An element's page before the start leads back to the overview, writing nothing.
    answer = school_client.get(element_url(draft, number=1))
    assert answer.status_code == 302 and answer["Location"] == reverse("selfeval_overview", args=[draft.pk])
    assert not SelfEvaluation.objects.filter(assessment=draft).exists()


def test_starting_makes_a_row_per_element_and_lists_them(school_client, draft):
    answer = school_client.post(reverse("selfeval_start", args=[draft.pk]))
    assert answer.status_code == 302
    page = school_client.get(reverse("selfeval_overview", args=[draft.pk])).content.decode()
    elements = list(draft.framework.elements.order_by("number"))
    assert SelfEvaluation.objects.get(assessment=draft).elements.count() == len(elements)
    for element in elements:
        assert element_url(draft, number=element.number) in page
    assert "Submit the self-evaluation" in page


def test_autosave_saves_as_typed_and_refuses_a_stale_version_with_both_texts(
    school_client, draft, headteacher
):
    row = first_row(draft, headteacher)
    url = element_url(draft, "selfeval_autosave")
    answer = school_client.post(url, {"field": "text", "text": "Ours & <theirs>", "version": row.version})
    assert answer.status_code == 200 and answer.json()["ok"]
    row.refresh_from_db()
    assert row.text == "Ours & <theirs>"
    stale = school_client.post(url, {"field": "text", "text": "An older copy", "version": row.version - 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["kind"] == "conflict" and body["version"] == row.version
    assert "Ours &amp; &lt;theirs&gt;" in body["html"] and "An older copy" in body["html"]
    row.refresh_from_db()
    assert row.text == "Ours & <theirs>"


def test_autosave_refuses_too_long_text_and_an_unknown_field(school_client, draft, headteacher, settings):
    from selfeval.models import MAX_TEXT

    row = first_row(draft, headteacher)
    url = element_url(draft, "selfeval_autosave")
    long = school_client.post(url, {"field": "text", "text": "x" * (MAX_TEXT + 1), "version": row.version})
    assert long.status_code == 400 and "characters long" in long.json()["error"]
    assert school_client.post(url, {"field": "version", "version": row.version}).status_code == 404
    row.refresh_from_db()
    assert row.text == ""


def test_the_form_saves_without_javascript_and_goes_on_to_the_next_element(school_client, draft, headteacher):
    row = first_row(draft, headteacher)
    response = school_client.post(
        element_url(draft), {"text": "Paragraph one.\r\n\r\nTwo.", "version": row.version, "then": "next"}
    )
    assert response.status_code == 302 and response["Location"] == element_url(draft, number=2)
    row.refresh_from_db()
    assert row.text == "Paragraph one.\n\nTwo."


def test_a_stale_form_shows_both_texts_and_saves_nothing(school_client, draft, headteacher):
    row = first_row(draft, headteacher)
    school_client.post(element_url(draft), {"text": "Saved first", "version": row.version})
    response = school_client.post(element_url(draft), {"text": "Typed meanwhile", "version": row.version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Saved first" in page and "Typed meanwhile" in page
    row.refresh_from_db()
    assert row.text == "Saved first"


# Evidence ------------------------------------------------------------------------------------


def upload(client, draft, name, data, **extra):
    return client.post(
        element_url(draft, "selfeval_file_add"),
        {"file-file": SimpleUploadedFile(name, data), "file-title": extra.get("title", "")},
    )


def test_a_pdf_is_stored_under_a_random_name_and_downloaded_as_a_sandboxed_attachment(
    school_client, draft, headteacher
):
    first_row(draft, headteacher)
    response = upload(school_client, draft, "Our plan <2026>.pdf", MINIMAL_PDF, title="The plan")
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "plan" not in evidence.file.name and evidence.original_name == "Our plan <2026>.pdf"
    page = school_client.get(element_url(draft)).content.decode()
    assert "Our plan &lt;2026&gt;.pdf" in page
    download = school_client.get(reverse("selfeval_evidence_file", args=[draft.pk, evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(download.streaming_content) == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("plan.pdf", HTML, "web page or markup"),
        ("page.html", HTML, "Files named .html cannot be uploaded"),
        ("tool.pdf", ELF, "a program"),
        ("setup.exe", WINDOWS_EXE, "Files named .exe"),
        ("photo.pdf", PNG, "not a .pdf file"),
        ("notes", MINIMAL_PDF, "without an extension"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_a_refused_file_gets_its_reason_and_nothing_is_stored(
    school_client, draft, headteacher, name, data, says
):
    first_row(draft, headteacher)
    response = upload(school_client, draft, name, data)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Evidence.objects.exists()
    assert not default_storage.exists("evidence")


def test_the_size_limits_per_file_and_per_visit(school_client, draft, headteacher, settings):
    first_row(draft, headteacher)
    settings.SELFEVAL_MAX_FILE_BYTES = len(MINIMAL_PDF) - 1
    response = upload(school_client, draft, "big.pdf", MINIMAL_PDF)
    assert response.status_code == 413 and "a file may be at most" in response.content.decode()
    settings.SELFEVAL_MAX_FILE_BYTES = 10 * len(MINIMAL_PDF)
    settings.SELFEVAL_MAX_VISIT_BYTES = len(MINIMAL_PDF) + 10
    assert upload(school_client, draft, "one.pdf", MINIMAL_PDF).status_code == 302
    response = upload(school_client, draft, "two.pdf", MINIMAL_PDF)
    assert response.status_code == 400 and "in all" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_links_must_be_web_addresses_and_are_shown_escaped(school_client, draft, headteacher):
    first_row(draft, headteacher)
    url = element_url(draft, "selfeval_link_add")
    refused = school_client.post(url, {"link-url": "javascript:alert(1)", "link-title": ""})
    assert refused.status_code == 400 and "http:// or https://" in refused.content.decode()
    assert not Evidence.objects.exists()
    school_client.post(url, {"link-url": "https://example.org/a", "link-title": "<b>Policy</b>"})
    page = school_client.get(element_url(draft)).content.decode()
    assert "&lt;b&gt;Policy&lt;/b&gt;" in page and 'href="https://example.org/a"' in page


def test_removing_a_file_takes_it_out_of_the_store(
    django_capture_on_commit_callbacks, school_client, draft, headteacher
):
    row = first_row(draft, headteacher)
    evidence = add_file(element_evaluation_id=row.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    name = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = school_client.post(reverse("selfeval_evidence_delete", args=[draft.pk, evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.exists() and not default_storage.exists(name)


# Submitting ----------------------------------------------------------------------------------


def test_submitting_needs_the_box_then_records_it_and_emails_the_assessors(
    django_capture_on_commit_callbacks, school_client, draft, headteacher, lead, co_assessor
):
    row = first_row(draft, headteacher)
    url = reverse("selfeval_submit", args=[draft.pk])
    school_client.post(url)
    assert not SelfEvaluation.objects.get(assessment=draft).is_submitted
    with django_capture_on_commit_callbacks(execute=True):
        school_client.post(url, {"confirm": "yes"})
    assert SelfEvaluation.objects.get(assessment=draft).is_submitted
    assert Event.objects.filter(
        assessment=draft, action=Event.Action.SELF_EVALUATION_SUBMITTED, by=headteacher
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, co_assessor.email])
    assert reverse("selfeval_overview", args=[draft.pk]) in mail.outbox[0].body
    # From now on nothing changes: text, files, links.
    saved = school_client.post(
        element_url(draft, "selfeval_autosave"), {"field": "text", "text": "x", "version": row.version}
    )
    assert saved.status_code == 409
    assert upload(school_client, draft, "late.pdf", MINIMAL_PDF).status_code == 400
    row.refresh_from_db()
    assert row.text == "" and not Evidence.objects.exists()


def test_the_team_reads_it_only_once_it_is_submitted(client, draft, headteacher, lead):
    row = first_row(draft, headteacher)
    row = type(row).objects.get(pk=row.pk)
    from selfeval.services import save_element_text

    save_element_text(
        element_evaluation_id=row.pk, text="We <script>do</script> well.", version=row.version, by=headteacher
    )
    evidence = add_file(element_evaluation_id=row.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    client.force_login(lead)
    file_url = reverse("selfeval_evidence_file", args=[draft.pk, evidence.pk])
    element_page = reverse("assessment_element", args=[draft.pk, 1])
    assert client.get(file_url).status_code == 404
    assert "not submitted its self-evaluation yet" in client.get(element_page).content.decode()
    assert (
        "We &lt;script&gt;" not in client.get(reverse("selfeval_overview", args=[draft.pk])).content.decode()
    )
    submit(self_evaluation_id=row.self_evaluation_id, by=headteacher, notify=False)
    page = client.get(element_page).content.decode()
    assert "We &lt;script&gt;do&lt;/script&gt; well." in page and "<script>do" not in page
    assert file_url in page
    assert client.get(file_url).status_code == 200


def test_a_school_user_of_another_school_gets_404_everywhere(client, draft, headteacher, other_school):
    row = first_row(draft, headteacher)
    evidence = add_file(element_evaluation_id=row.pk, name="a.pdf", data=MINIMAL_PDF, by=headteacher)
    link = add_link(element_evaluation_id=row.pk, url="https://example.org/", by=headteacher)
    client.force_login(HeadteacherFactory(role=Role.SCHOOL_USER, school=other_school))
    gets = [
        reverse("selfeval_overview", args=[draft.pk]),
        element_url(draft),
        reverse("selfeval_evidence_file", args=[draft.pk, evidence.pk]),
    ]
    posts = [
        reverse("selfeval_submit", args=[draft.pk]),
        element_url(draft),
        element_url(draft, "selfeval_autosave"),
        element_url(draft, "selfeval_file_add"),
        element_url(draft, "selfeval_link_add"),
        reverse("selfeval_evidence_delete", args=[draft.pk, link.pk]),
    ]
    assert [client.get(url).status_code for url in gets] == [404] * len(gets)
    data = {"field": "text", "text": "x", "version": 1, "confirm": "yes"}
    assert [client.post(url, data).status_code for url in posts] == [404] * len(posts)
    assert Evidence.objects.count() == 2 and not SelfEvaluation.objects.get().is_submitted


def test_a_revision_or_submitted_visit_takes_no_new_self_evaluation(school_client, submitted):
    assert school_client.get(reverse("selfeval_overview", args=[submitted.pk])).status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_the_schools_home_lists_the_coming_visit_with_its_due_date(school_client, draft):
    from assessments.dates import self_evaluation_due

    page = school_client.get(reverse("home")).content.decode()
    assert reverse("selfeval_overview", args=[draft.pk]) in page
    assert f"due by {self_evaluation_due(draft):%-d %B %Y}" in page
