from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Regional hubs")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the hub-staff role)
