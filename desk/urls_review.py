"""URLs under /review/: the director's pages (desk.review)."""

from django.urls import path

from desk import compare_views, review

urlpatterns = [
    path("schedule/", review.visit_schedule, name="visit_schedule"),
    path("lists/<slug:section>/", review.review_list, name="review_list"),
    path("<int:pk>/", review.review_assessment, name="review_assessment"),
    path("<int:pk>/assessors/", review.review_assessors, name="review_assessors"),
    path("<int:pk>/return/", review.review_return, name="review_return"),
    path("<int:pk>/confirm/", review.review_confirm, name="review_confirm"),
    path("<int:pk>/reopen/", review.review_reopen, name="review_reopen"),
    path("<int:pk>/history/", review.review_history, name="review_history"),
    path("schools/<int:pk>/compare/", compare_views.school_compare, name="school_compare"),
]
