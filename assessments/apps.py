from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _pages_changed(**kwargs) -> None:
    """A migration can rewrite rows without their models' save(), and `flush` empties every
    table: either way no cached page may be shown again (iqm.pagecache)."""
    from iqm import pagecache

    pagecache.changed(pagecache.LISTS)


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from accounts.homes import register_home
        from accounts.models import Role

        register_home(Role.ASSESSOR, "assessments.views.home.assessor_home")
        register_home(Role.DIRECTOR, "assessments.views.home.director_home")
        post_migrate.connect(_pages_changed, sender=self, dispatch_uid="iqm-pagecache-post-migrate")
