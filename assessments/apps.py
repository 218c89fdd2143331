from pathlib import Path

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        import assessments.sections  # noqa: F401 (registers the themed sections' models)
        from accounts.homes import register_home
        from accounts.models import Role

        register_home(Role.ASSESSOR, "assessments.views.home.assessor_home")
        register_home(Role.DIRECTOR, "assessments.views.home.director_home")

        from django.conf import settings

        from assessments.single_line import protect_model_fields

        # Every one-line field of every app's models refuses control characters.
        protect_model_fields(Path(settings.BASE_DIR).resolve())
