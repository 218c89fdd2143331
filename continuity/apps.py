from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    """What follows a school from one visit to the next: the targets it sets for the coming
    year, the Flagship research project, and progress on what the previous visit found."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "continuity"
    verbose_name = "Continuity between visits"

    def ready(self) -> None:
        from continuity import parts

        parts.register()
