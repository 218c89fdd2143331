from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The top app: the pages that combine the others (the director's and the assessor's homes,
    review, schedule, compare, the school's page and the headteacher's portal) and the demo
    loader."""

    name = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from accounts.homes import register_home
        from accounts.models import Role

        register_home(Role.ASSESSOR, "desk.homes.assessor_home")
        register_home(Role.DIRECTOR, "desk.homes.director_home")
        register_home(Role.HEADTEACHER, "desk.school_pages.headteacher_portal")
        register_home(Role.SCHOOL_USER, "desk.school_pages.headteacher_portal")
