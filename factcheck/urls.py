"""URLs of the evidence log and the factual check (factcheck.views), included at the site's root
before the assessments app, whose `assessments/<pk>/<section>/` would otherwise take
`assessments/<pk>/check/`."""

from django.urls import path

from factcheck import views

urlpatterns = [
    path("assessments/<int:pk>/evidence-log/", views.evidence_log, name="factcheck_evidence_log"),
    path("assessments/<int:pk>/evidence-log/meetings/", views.meeting_add, name="factcheck_meeting_add"),
    path("assessments/<int:pk>/evidence-log/documents/", views.document_add, name="factcheck_document_add"),
    path(
        "assessments/<int:pk>/evidence-log/meetings/<int:row>/delete/",
        views.log_row_delete,
        {"kind": "meeting"},
        name="factcheck_meeting_delete",
    ),
    path(
        "assessments/<int:pk>/evidence-log/documents/<int:row>/delete/",
        views.log_row_delete,
        {"kind": "document"},
        name="factcheck_document_delete",
    ),
    path(
        "assessments/<int:pk>/evidence-log/portfolio/", views.portfolio_fill, name="factcheck_portfolio_fill"
    ),
    path("assessments/<int:pk>/check/", views.assessor_check, name="factcheck_assessor"),
    path("assessments/<int:pk>/check/<int:comment>/answer/", views.comment_answer, name="factcheck_answer"),
    path("review/<int:pk>/check/send/", views.check_send, name="factcheck_send"),
    path("school/checks/<int:pk>/", views.school_check, name="factcheck_school"),
    path("school/checks/<int:pk>/draft.pdf", views.school_check_pdf, name="factcheck_school_pdf"),
    path("school/checks/<int:pk>/comments/", views.school_comment, name="factcheck_school_comment"),
    path("school/checks/<int:pk>/nothing/", views.school_nothing, name="factcheck_school_nothing"),
]
