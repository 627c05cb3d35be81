from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Regional hubs")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (declares the audited records)
            rules,  # noqa: F401  (registers the hub-staff role)
        )
