from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self) -> None:
        from accounts.homes import register_home
        from accounts.models import Role

        register_home(Role.HEADTEACHER, "schools.views.headteacher_portal")
        register_home(Role.SCHOOL_USER, "schools.views.headteacher_portal")
