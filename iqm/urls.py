"""The site's URLs: one include per app."""

from django.contrib import admin
from django.urls import include, path

from reports import letter_pages, verify_views

admin.site.site_header = "IQM Assessments administration"
admin.site.site_title = "IQM Assessments"

# The site's own 400 page, saying why (the 404 and 500 pages are the templates alone).
handler400 = "accounts.errors.bad_request"

urlpatterns = [
    path("", include("accounts.urls")),
    path("accounts/2fa/", include("accounts.urls_two_factor")),
    path("", include("factcheck.urls")),  # before assessments.urls, like continuity's
    path("", include("reading.urls")),  # before assessments.urls, like factcheck's
    path("assessments/", include("library.urls_assessment")),  # before assessments.urls, too
    path("assessments/", include("continuity.urls")),  # first: assessments.urls ends in <pk>/<section>/
    path("assessments/", include("assessments.urls")),
    path("review/", include("desk.urls_review")),
    path("schools/", include("desk.urls_schools")),
    path("school/self-evaluations/", include("selfeval.urls")),
    path("school/", include("schools.urls_staff")),
    path("", include("outbox.urls")),
    path("reports/", include("reports.urls")),
    path("clusters/", include("clusters.urls")),
    path("", include("cycle.urls")),
    path("library/", include("library.urls")),
    path("verify/", verify_views.verify_start, name="verify_start"),
    path("verify/<str:code>/", verify_views.verify_letter, name="verify_letter"),
    path("verify/<str:code>/letter/", letter_pages.public_letter, name="verify_letter_html"),
    path("verify/<str:code>/letter.pdf", letter_pages.public_letter_pdf, name="verify_letter_pdf"),
    path("verify/<str:code>/badge.svg", letter_pages.badge, name="verify_badge"),
    path("admin/", admin.site.urls),
]
