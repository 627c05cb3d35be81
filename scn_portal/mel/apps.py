from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MelConfig(AppConfig):
    name = "scn_portal.mel"
    label = "mel"
    verbose_name = _("Monitoring, evaluation and learning")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import audit  # noqa: F401  (the events of the services)

        # Each app declares the measures it computes from its own data in measures.py.
        autodiscover_modules("measures")
