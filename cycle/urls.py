from django.urls import path

from cycle import views

urlpatterns = [
    path("cycle/digest/", views.digest, name="cycle_digest"),
    path("cycle/award-reminders/", views.expiry_notices, name="cycle_expiry_notices"),
    path(
        "cycle/award-reminders/<int:pk>/delete/",
        views.expiry_notice_delete,
        name="cycle_expiry_notice_delete",
    ),
    path("account/emails/", views.preferences, name="cycle_preferences"),
    path(
        "unsubscribe/<int:user_id>/<str:category>/<str:token>/", views.unsubscribe, name="cycle_unsubscribe"
    ),
]
