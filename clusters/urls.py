"""URLs under /clusters/: the directors' cluster meetings."""

from django.urls import path

from clusters import views

urlpatterns = [
    path("", views.meeting_list, name="cluster_meeting_list"),
    path("new/", views.meeting_create, name="cluster_meeting_create"),
    path("<int:pk>/", views.meeting_edit, name="cluster_meeting_edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="cluster_meeting_delete"),
]
