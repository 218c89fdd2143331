"""Downloading an issued report serves the stored file, byte for byte, as an attachment — never a
new rendering — to the people who may see it; everyone else gets 404."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from assessments import services
from reports import letter
from reports.models import IssuedReport


def download(client, report):
    return client.get(reverse("issued_report_download", args=[report.pk]))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def report(confirmed):
    return IssuedReport.objects.get(assessment=confirmed)


@pytest.mark.django_db
def test_it_serves_the_stored_bytes_every_time(client, headteacher, report):
    client.force_login(headteacher)
    first, second = body(download(client, report)), body(download(client, report))
    assert first == second == default_storage.open(report.file.name, "rb").read()
    assert hashlib.sha256(first).hexdigest() == report.sha256


@pytest.mark.django_db
def test_it_is_an_attachment_named_after_the_school_and_the_visit(client, headteacher, report):
    client.force_login(headteacher)
    response = download(client, report)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{report.filename}"'
    assert report.filename == letter.filename(report.assessment)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_demo_download_is_named_like_the_reference(client, demo):
    from accounts.models import User

    client.force_login(User.objects.get(username="headteacher"))
    report = IssuedReport.objects.get(assessment=demo)
    response = download(client, report)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="IQM-report-The-Heath-School-2010-07.pdf"'
    assert hashlib.sha256(body(response)).hexdigest() == report.sha256


@pytest.mark.django_db
def test_it_never_renders_again(client, headteacher, report, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("a download must not render the letter")

    monkeypatch.setattr(letter, "render_pdf", no_rendering)
    monkeypatch.setattr(letter, "html_to_pdf", no_rendering)
    client.force_login(headteacher)
    assert hashlib.sha256(body(download(client, report))).hexdigest() == report.sha256


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("headteacher", 200),
        ("director", 200),
        ("lead", 200),
        ("co_assessor", 200),
        ("other_assessor", 404),
        ("other_headteacher", 404),
    ],
)
def test_who_may_download(request, client, report, role, status):
    client.force_login(request.getfixturevalue(role))
    assert download(client, report).status_code == status


@pytest.mark.django_db
def test_an_anonymous_visitor_is_asked_to_sign_in(client, report):
    response = download(client, report)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_an_unknown_report_is_404(client, director):
    client.force_login(director)
    assert client.get(reverse("issued_report_download", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_an_earlier_revision_stays_downloadable(client, headteacher, director, lead, report):
    revision = services.assessment_reopen(assessment=report.assessment, by=director, reason="A slip.")
    services.assessment_submit(assessment=revision, by=lead)
    services.assessment_confirm(assessment=revision, by=director)
    client.force_login(headteacher)
    old = download(client, report)
    assert hashlib.sha256(body(old)).hexdigest() == report.sha256
    new_report = IssuedReport.objects.get(assessment=revision)
    new = download(client, new_report)
    assert new["Content-Disposition"].endswith('-revision-2.pdf"')


@pytest.mark.django_db
def test_a_stored_file_that_has_changed_is_not_served(client, headteacher, report, caplog):
    with default_storage.open(report.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 tampered")
    client.force_login(headteacher)
    response = client.get(reverse("issued_report_download", args=[report.pk]))
    assert response.status_code == 503
    assert "could not be checked" in response.content.decode()
    assert "has changed" in caplog.text


@pytest.mark.django_db
def test_a_missing_file_is_reported_not_a_crash(client, headteacher, report, caplog):
    default_storage.delete(report.file.name)
    client.force_login(headteacher)
    response = client.get(reverse("issued_report_download", args=[report.pk]))
    assert response.status_code == 503
    assert "is missing" in caplog.text


@pytest.mark.django_db
def test_a_post_is_refused(client, headteacher, report):
    client.force_login(headteacher)
    assert client.post(reverse("issued_report_download", args=[report.pk])).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["headteacher", "director", "lead", "co_assessor"])
def test_a_first_download_is_three_queries_then_two(request, client, report, role, django_assert_num_queries):
    client.force_login(request.getfixturevalue(role))
    client.get(reverse("home"))  # the session's first page also notes that there is no 2FA device
    # The session, the user and the report with the access rule; the same user downloading it
    # again needs only the first two: who may see an issued report never changes.
    with django_assert_num_queries(3):
        first = download(client, report)
    with django_assert_num_queries(2):
        again = download(client, report)
    assert hashlib.sha256(body(first)).hexdigest() == hashlib.sha256(body(again)).hexdigest() == report.sha256


@pytest.mark.django_db
def test_with_a_shared_cache_a_repeated_download_reads_only_the_session(
    shared_cache, client, headteacher, report, django_assert_num_queries
):
    client.force_login(headteacher)
    download(client, report)
    with django_assert_num_queries(1) as captured:  # the session: the user is in the shared cache
        response = download(client, report)
    assert "django_session" in captured.captured_queries[0]["sql"]
    assert hashlib.sha256(body(response)).hexdigest() == report.sha256


@pytest.mark.django_db
def test_a_download_remembered_for_one_headteacher_is_still_refused_to_another(
    client, headteacher, other_headteacher, report
):
    client.force_login(headteacher)
    assert download(client, report).status_code == 200
    client.force_login(other_headteacher)
    assert download(client, report).status_code == 404


@pytest.mark.django_db
def test_a_headteacher_moved_to_another_school_loses_the_download_at_once(
    client, headteacher, other_school, report
):
    client.force_login(headteacher)
    assert download(client, report).status_code == 200
    headteacher.school = other_school
    headteacher.save()
    assert download(client, report).status_code == 404


@pytest.mark.django_db
def test_a_director_made_a_headteacher_of_another_school_loses_the_download_at_once(
    client, director, other_school, report
):
    client.force_login(director)
    assert download(client, report).status_code == 200
    director.role = "headteacher"
    director.school = other_school
    director.save()
    assert download(client, report).status_code == 404


@pytest.mark.django_db
def test_a_refusal_is_not_remembered(client, headteacher, other_headteacher, report, monkeypatch):
    """Only a decision to show is kept: a report id that does not exist yet may be issued later,
    to this very headteacher."""
    from django.core.cache import caches

    kept = []
    remembered = caches["immutable"]
    monkeypatch.setattr(remembered, "set", lambda key, value, *args, **kwargs: kept.append(key))
    client.force_login(other_headteacher)
    assert download(client, report).status_code == 404
    assert client.get(reverse("issued_report_download", args=[report.pk + 1000])).status_code == 404
    assert kept == []
    client.force_login(headteacher)
    assert download(client, report).status_code == 200
    assert kept == [f"issued-report:{report.pk}:seen-by:{headteacher.access_fingerprint}"]


@pytest.mark.django_db
def test_the_file_is_read_from_the_store_once(client, headteacher, report, monkeypatch):
    opened = []
    real_open = default_storage.open
    monkeypatch.setattr(
        default_storage, "open", lambda name, mode="rb": opened.append(name) or real_open(name, mode)
    )
    client.force_login(headteacher)
    assert hashlib.sha256(body(download(client, report))).hexdigest() == report.sha256
    assert opened == [report.file.name]
