from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # Register the system checks: the signing key (reports.E001) and SITE_URL (reports.W001).
        from reports import issuing, signing, verification  # noqa: F401

        issuing.register()
