"""URLs of the continuity pages, under /assessments/ and before assessments.urls, whose
`<pk>/<section>/` route would otherwise take `<pk>/previous/` and the others."""

from django.urls import path

from continuity import views

urlpatterns = [
    path("<int:pk>/previous/", views.previous_page, name="continuity_previous"),
    path("<int:pk>/previous/<int:item>/", views.carried_progress, name="continuity_progress"),
    path(
        "<int:pk>/previous/<int:item>/autosave/", views.carried_autosave, name="continuity_progress_autosave"
    ),
    path("<int:pk>/targets/", views.targets_page, name="continuity_targets"),
    path("<int:pk>/research/", views.research_page, name="continuity_research"),
    path("<int:pk>/research/title/", views.research_title, name="continuity_research_title"),
    path(
        "<int:pk>/research/title/autosave/",
        views.research_title_autosave,
        name="continuity_research_title_autosave",
    ),
]

for kind, prefix in (("targets", "<int:pk>/targets/"), ("steps", "<int:pk>/research/steps/")):
    urlpatterns += [
        path(f"{prefix}add/", views.row_add, {"kind": kind}, name=f"continuity_{kind}_add"),
        path(f"{prefix}<int:row>/", views.row_edit, {"kind": kind}, name=f"continuity_{kind}_edit"),
        path(
            f"{prefix}<int:row>/autosave/",
            views.row_autosave,
            {"kind": kind},
            name=f"continuity_{kind}_autosave",
        ),
        path(
            f"{prefix}<int:row>/delete/", views.row_delete, {"kind": kind}, name=f"continuity_{kind}_delete"
        ),
        path(f"{prefix}<int:row>/move/", views.row_move, {"kind": kind}, name=f"continuity_{kind}_move"),
    ]
