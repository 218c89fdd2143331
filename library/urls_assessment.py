"""The assessor's library search and insertion, under /assessments/<pk>/library/."""

from django.urls import path

from library import views

urlpatterns = [
    path("<int:pk>/library/", views.library_search, name="library_search"),
    path("<int:pk>/library/<int:statement>/insert/", views.library_insert, name="library_insert"),
    path("<int:pk>/library/<int:statement>/use/", views.library_use, name="library_use"),
]
