from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal: the beat schedule, demo data, backups and restores."""

    name = "scn_portal.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from .schedule import ensure_periodic_tasks

        # Each app declares its periodic tasks in its tasks.py (the demo modules are
        # imported by seed_demo only: see demo.py).
        autodiscover_modules("tasks")
        # No sender: this app has no models, and post_migrate only fires for apps that do.
        post_migrate.connect(ensure_periodic_tasks, dispatch_uid="ensure_periodic_tasks")
