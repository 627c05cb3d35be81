from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "scn_portal.web"
    label = "web"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .schedule import ensure_periodic_tasks

        post_migrate.connect(ensure_periodic_tasks, sender=self)
