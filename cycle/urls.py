from django.urls import path

from cycle import views

urlpatterns = [
    path("cycle/digest/", views.digest, name="cycle_digest"),
    path("account/emails/", views.preferences, name="cycle_preferences"),
    path(
        "unsubscribe/<int:user_id>/<str:category>/<str:token>/", views.unsubscribe, name="cycle_unsubscribe"
    ),
]
