"""URLs under /schools/."""

from django.urls import path

from desk import school_pages as views

urlpatterns: list = [
    path("", views.school_list, name="school_list"),
    path("new/", views.school_create, name="school_create"),
    path("<int:pk>/", views.school_detail, name="school_detail"),
    path("<int:pk>/edit/", views.school_edit, name="school_edit"),
    path("<int:pk>/headteachers/new/", views.school_headteacher_create, name="school_headteacher_create"),
    path(
        "<int:pk>/headteachers/<int:user_pk>/send-link/",
        views.school_headteacher_send_link,
        name="school_headteacher_send_link",
    ),
    path("welcome/<uidb64>/<token>/", views.headteacher_welcome, name="headteacher_welcome"),
]
