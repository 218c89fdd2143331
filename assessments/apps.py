from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """The core: frameworks, kinds of visit, assessments and their findings, the workflow,
    editing, access, and the registry of the parts other apps add (assessments.parts)."""

    name = "assessments"
    verbose_name = "Assessments"
