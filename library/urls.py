"""The library's URLs: the directors' pages under /library/ (library.urls) and the assessor's
search under /assessments/<pk>/library/ (library.urls_assessment, before assessments.urls,
whose `<pk>/<section>/` route would otherwise take it)."""

from django.urls import path

from library import views

urlpatterns = [
    path("", views.statement_list, name="library_statement_list"),
    path("add/", views.statement_add, name="library_statement_add"),
    path("<int:pk>/", views.statement_edit, name="library_statement_edit"),
    path("<int:pk>/retire/", views.statement_retire, name="library_statement_retire"),
    path("suggestions/", views.suggestion_list, name="library_suggestion_list"),
    path("suggestions/adopt/", views.suggestion_adopt, name="library_suggestion_adopt"),
    path("words/", views.word_list, name="library_word_list"),
    path("words/<int:pk>/remove/", views.word_remove, name="library_word_remove"),
]
