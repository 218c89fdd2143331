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
