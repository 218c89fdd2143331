"""URLs of the school's self-evaluation (selfeval.views), under /school/self-evaluations/<visit>/."""

from django.urls import path

from selfeval import views

urlpatterns = [
    path("<int:pk>/", views.overview, name="selfeval_overview"),
    path("<int:pk>/start/", views.start, name="selfeval_start"),
    path("<int:pk>/submit/", views.submit, name="selfeval_submit"),
    path("<int:pk>/elements/<int:number>/", views.element, name="selfeval_element"),
    path("<int:pk>/elements/<int:number>/autosave/", views.autosave, name="selfeval_autosave"),
    path("<int:pk>/elements/<int:number>/files/", views.file_add, name="selfeval_file_add"),
    path("<int:pk>/elements/<int:number>/links/", views.link_add, name="selfeval_link_add"),
    path("<int:pk>/evidence/<int:evidence>/delete/", views.evidence_delete, name="selfeval_evidence_delete"),
    path("<int:pk>/evidence/<int:evidence>/file/", views.evidence_file, name="selfeval_evidence_file"),
]
