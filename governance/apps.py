from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (declares the audited records and the events of the services)
            rules,  # noqa: F401  (registers the ISC-member and expert roles)
        )
