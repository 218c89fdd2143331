"""Uploads held to a limit before they are read: a view that takes a file refuses a body whose
Content-Length is over its limit before a byte is read (`declared_too_large`), and otherwise reads
it through `InMemoryOnlyUploadHandler`, which keeps the file in memory, never on disk, and stops
reading at the limit (`limit_uploads`).

Upload handlers must be set before anything reads request.POST, and CsrfViewMiddleware reads it;
so such a view is `csrf_exempt` and checks the token itself (`csrf_protect` on an inner function)
after calling `limit_uploads`. Used by the verification form (reports) and the self-evaluation's
evidence (selfeval)."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# What a multipart body may carry beside the file itself (its boundaries, headers, the CSRF token
# and a title) before its Content-Length says it is over the limit.
FORM_OVERHEAD_BYTES = 64 * 1024


class InMemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps an uploaded file in memory, never on disk, and stops the upload once it passes
    `limit` bytes (marking `too_large`), so a large file is refused, not written anywhere."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.buffer = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.too_large = True
            self.buffer = io.BytesIO()
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, file_size, self.charset
        )


def declared_too_large(request: HttpRequest, limit: int) -> bool:
    """Whether the request's Content-Length says its body is over `limit` bytes of file plus the
    form around it: refuse it before reading a byte."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > limit + FORM_OVERHEAD_BYTES


def limit_uploads(request: HttpRequest, limit: int) -> InMemoryOnlyUploadHandler:
    """Read the request's files in memory and stop at `limit` bytes; returns the handler, whose
    `too_large` says afterwards whether it stopped. Call before request.POST or FILES is read."""
    handler = InMemoryOnlyUploadHandler(request, limit=limit)
    request.upload_handlers = [handler]
    return handler
