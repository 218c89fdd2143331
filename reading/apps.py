from django.apps import AppConfig


class ReadingConfig(AppConfig):
    """The second reading of a submitted report by a quality-assurance reader: comments anchored
    in the letter, suggested changes, and the rule for which reports need one."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reading"
    verbose_name = "Second reading"

    def ready(self) -> None:
        from accounts.homes import register_home
        from accounts.models import Role
        from assessments import parts
        from reading import panels, services

        # The rule puts a submitted report in the readers' queue (services.on_submitted); a
        # report in it is confirmed only once signed off or overridden (services.confirm_problem);
        # while it is read, its assessors may correct the submitted letter and accept the
        # reader's suggestions (services.allows_correction).
        register_home(Role.QA_READER, "reading.views.reading_queue")
        parts.register(
            parts.Part(
                key="reading",
                links=(parts.PartLink("The second reading", "reading_assessor"),),
                element_context=panels.element_context,
                element_template="reading/_element_panel.html",
                section_context=panels.section_context,
                section_template="reading/_section_panel.html",
                confirm_problem=services.confirm_problem,
                allows_correction=services.allows_correction,
                on_submitted=services.on_submitted,
            )
        )
