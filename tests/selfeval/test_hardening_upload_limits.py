"""Evidence uploads are held to their size limit before they are read (issue 28, item 2): a body
whose Content-Length is over IQM_EVIDENCE_MAX_FILE_BYTES is refused without reading a byte, and
an upload that passes the limit anyway is stopped there, in memory, never spooled to disk. The
same mechanism as the verification form's (assessments.uploads). Runs on SQLite and PostgreSQL."""

import pytest
from django.core.files import uploadedfile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from selfeval.models import Evidence
from selfeval.services import self_evaluation_for
from tests.evidence_files import MINIMAL_PDF

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that records any attempt to read it, and gives nothing."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the request's body was read")

    readline = read


@pytest.fixture
def no_disk(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an uploaded file was written to disk")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    monkeypatch.setattr(default_storage, "save", refuse)


@pytest.fixture
def school_client(client, headteacher, draft):
    self_evaluation_for(draft, by=headteacher)
    client.force_login(headteacher)
    return client


def _url(draft):
    return reverse("selfeval_file_add", args=[draft.pk, 1])


def test_it_refuses_an_upload_from_its_content_length_without_reading_it(school_client, draft, settings):
    settings.SELFEVAL_MAX_FILE_BYTES = 1024 * 1024
    body = UnreadableBody()
    response = school_client.generic(
        "POST",
        _url(draft),
        data=b"",
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert body.reads == 0
    assert response.status_code == 413
    assert "The file is larger than 1 MB; a file may be at most 1 MB. Nothing was uploaded." in (
        response.content.decode()
    )
    assert not Evidence.objects.exists()


def test_it_stops_reading_an_upload_at_the_limit_in_memory(school_client, draft, settings, no_disk):
    # Django's own handlers would spool anything past FILE_UPLOAD_MAX_MEMORY_SIZE to a file, and
    # read all of it before the limit was looked at.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.SELFEVAL_MAX_FILE_BYTES = 2000
    response = school_client.post(
        _url(draft),
        {"file-file": SimpleUploadedFile("big.pdf", MINIMAL_PDF + b"0" * 20_000), "file-title": ""},
    )
    assert response.status_code == 413
    assert "The file is larger than 2000 bytes" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_still_takes_a_file_under_the_limit_in_memory(school_client, draft, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    response = school_client.post(
        _url(draft), {"file-file": SimpleUploadedFile("policy.pdf", MINIMAL_PDF), "file-title": "Policy"}
    )
    assert response.status_code == 302
    assert Evidence.objects.get().size == len(MINIMAL_PDF)


def test_it_still_needs_the_csrf_token(headteacher, draft):
    self_evaluation_for(draft, by=headteacher)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(headteacher)
    response = strict.post(_url(draft), {"file-file": SimpleUploadedFile("policy.pdf", MINIMAL_PDF)})
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_the_verification_form_and_the_evidence_share_one_mechanism():
    from assessments import uploads
    from reports import verify_views
    from selfeval import views

    assert verify_views.limit_uploads is uploads.limit_uploads is views.limit_uploads
    assert verify_views.declared_too_large is uploads.declared_too_large is views.declared_too_large
