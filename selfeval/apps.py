from django.apps import AppConfig


class SelfevalConfig(AppConfig):
    """The school's self-evaluation of a visit, element by element, with its evidence."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "selfeval"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from assessments import parts
        from selfeval.services import days_late, submitted_element

        def element_context(assessment, element) -> dict:
            found = submitted_element(assessment, element)
            late = days_late(found.self_evaluation, assessment) if found is not None else 0
            return {"school_evaluation": found, "self_evaluation_days_late": late}

        # The assessor's page of each element shows what the school wrote of it, and whether
        # it came late.
        parts.register(
            parts.Part(
                key="selfeval",
                links=(parts.PartLink("The school's self-evaluation", "selfeval_overview"),),
                element_context=element_context,
                element_template="selfeval/_assessor_panel.html",
            )
        )
