"""URLs of the second reading (reading.views), included at the site's root before the
assessments app, whose `assessments/<pk>/<section>/` would otherwise take
`assessments/<pk>/reading/`."""

from django.urls import path

from reading import views

urlpatterns = [
    path("reading/", views.reading_queue, name="reading_queue"),
    path("reading/<int:pk>/", views.reading_page, name="reading_page"),
    path("reading/<int:pk>/comments/", views.reading_comment_add, name="reading_comment_add"),
    path("reading/<int:pk>/send/", views.reading_send, name="reading_send"),
    path("reading/<int:pk>/sign-off/", views.reading_sign_off, name="reading_sign_off"),
    path("reading/comments/<int:comment>/reply/", views.comment_reply, name="reading_reply"),
    path(
        "reading/comments/<int:comment>/resolve/",
        views.comment_resolve,
        {"resolved": True},
        name="reading_resolve",
    ),
    path(
        "reading/comments/<int:comment>/reopen/",
        views.comment_resolve,
        {"resolved": False},
        name="reading_reopen",
    ),
    path("assessments/<int:pk>/reading/", views.reading_assessor, name="reading_assessor"),
    path(
        "assessments/<int:pk>/reading/<int:comment>/accept/",
        views.suggestion_accept,
        name="reading_accept",
    ),
    path(
        "assessments/<int:pk>/reading/<int:comment>/reject/",
        views.suggestion_reject,
        name="reading_reject",
    ),
    path("review/<int:pk>/reading/ask/", views.reading_ask, name="reading_ask"),
    path("review/<int:pk>/reading/override/", views.reading_override, name="reading_override"),
    path("review/reading/rule/", views.reading_rule, name="reading_rule"),
    path("review/reading/figures/", views.reading_figures, name="reading_figures"),
]
