"""URLs under /schools/."""

from django.urls import path

from schools import views

urlpatterns: list = []

__all__ = ["path", "urlpatterns", "views"]
