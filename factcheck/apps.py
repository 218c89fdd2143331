from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "factcheck"
    verbose_name = "Evidence log and factual-accuracy check"

    def ready(self) -> None:
        from assessments import parts
        from factcheck.services import allows_correction, confirm_problem

        # A draft sent to the school for its factual-accuracy check is confirmed only once the
        # check is closed (factcheck.services.confirm_problem); while it is open, the lead
        # assessor may correct the submitted letter (factcheck.services.allows_correction).
        parts.register(
            parts.Part(
                key="factcheck",
                links=(
                    parts.PartLink("Evidence log", "factcheck_evidence_log"),
                    parts.PartLink("The school's factual check", "factcheck_assessor"),
                    parts.PartLink(
                        "The evidence log",
                        "factcheck_evidence_log",
                        section="evidence",
                        note="the meetings and documents of the visit, from which this paragraph can start.",
                    ),
                ),
                confirm_problem=confirm_problem,
                allows_correction=allows_correction,
            )
        )
