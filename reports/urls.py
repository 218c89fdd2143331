"""URLs under /reports/: the letter of an assessment previewed as a page and as a PDF, and the
download of issued reports."""

from django.urls import path

from reports import downloads, letter_pages, views

urlpatterns = [
    path("assessments/<int:pk>/letter/", views.preview_html, name="letter_preview_html"),
    path("assessments/<int:pk>/letter.pdf", views.preview_pdf, name="letter_preview_pdf"),
    path("issued/<int:pk>/letter/", letter_pages.issued_letter, name="issued_letter"),
    path("issued/<int:pk>/publish/", letter_pages.publish_letter, name="publish_letter"),
    path("issued/<int:pk>/download/", downloads.issued_report_download, name="issued_report_download"),
]
