from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkQueueConfig(AppConfig):
    name = "scn_portal.workqueue"
    label = "workqueue"
    verbose_name = _("Work queue")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares what waits for staff in its own workqueue.py.
        autodiscover_modules("workqueue")
