from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "scn_portal.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its reports in its own reports.py.
        autodiscover_modules("reports")
