from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "scn_portal.web"
    label = "web"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its sections of the home page, the dashboard and the
        # "network at a glance" in its panels.py.
        autodiscover_modules("panels")

        from scn_portal import versions

        from . import page_cache

        page_cache.connect()
        versions.connect()
