from django.apps import AppConfig


class SelfevalConfig(AppConfig):
    """The school's self-evaluation of a visit, element by element, with its evidence."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "selfeval"
    verbose_name = "Self-evaluation"

    def ready(self) -> None:
        from assessments import parts
        from selfeval.services import submitted_element

        # The assessor's page of each element shows what the school wrote of it.
        parts.register(
            parts.Part(
                key="selfeval",
                links=(parts.PartLink("The school's self-evaluation", "selfeval_overview"),),
                element_context=lambda assessment, element: {
                    "school_evaluation": submitted_element(assessment, element)
                },
                element_template="selfeval/_assessor_panel.html",
            )
        )
