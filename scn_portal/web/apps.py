from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "scn_portal.web"
    label = "web"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .schedule import ensure_periodic_tasks

        # No sender: this app has no models, and post_migrate only fires for apps that do.
        post_migrate.connect(ensure_periodic_tasks, dispatch_uid="ensure_periodic_tasks")
