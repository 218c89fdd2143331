"""URLs under /assessments/."""

from django.urls import path

from assessments import views

urlpatterns: list = [
    # The assessor workspace and the director's review add their pages here.
]

__all__ = ["path", "urlpatterns", "views"]
