from pathlib import Path

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """The core: frameworks, kinds of visit, assessments and their findings, the workflow,
    editing, access, and the registry of the parts other apps add (assessments.parts)."""

    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from django.conf import settings

        from assessments.single_line import protect_model_fields

        # Every one-line field of every app's models refuses control characters.
        protect_model_fields(Path(settings.BASE_DIR).resolve())
