from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "factcheck"
    verbose_name = "Evidence log and factual-accuracy check"
