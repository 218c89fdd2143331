"""URLs of the record of sent emails."""

from django.urls import path

from outbox import views

urlpatterns: list = [
    path("emails/", views.email_list, name="email_list"),
    path("school/emails/", views.school_emails, name="school_emails"),
]
