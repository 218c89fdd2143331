"""URLs under /reports/: letter previews and issued report downloads."""

from django.urls import path

from reports import views

urlpatterns = [
    path("assessments/<int:pk>/letter.pdf", views.preview_pdf, name="letter_preview_pdf"),
]

# Issued reports (reports.downloads).
from reports import downloads  # noqa: E402

urlpatterns += [
    path("issued/<int:pk>/download/", downloads.issued_report_download, name="issued_report_download"),
]
