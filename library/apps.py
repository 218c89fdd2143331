from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """Writing help for assessors: the statement library directors curate and assessors search
    from a list's new item, and the British English spelling check over a whole draft."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = "Writing help"

    def ready(self) -> None:
        from library import parts

        parts.register()
