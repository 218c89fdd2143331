from django.apps import AppConfig


class SelfevalConfig(AppConfig):
    """The school's self-evaluation of a visit, element by element, with its evidence."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "selfeval"
    verbose_name = "Self-evaluation"
