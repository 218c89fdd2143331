"""URLs under /school/: the headteacher's pages about their own school's users."""

from django.urls import path

from schools import views_staff

urlpatterns: list = [
    path("colleagues/", views_staff.school_colleagues, name="school_colleagues"),
    path(
        "colleagues/<int:user_pk>/deactivate/",
        views_staff.school_colleague_deactivate,
        name="school_colleague_deactivate",
    ),
]
