from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from scn_portal.accounts.scoping import HUB_STAFF_PERMISSIONS

        from . import audit  # noqa: F401  (declares the audited records)

        # Hub staff follow and screen their hub's fund applications (scoped in the admin).
        HUB_STAFF_PERMISSIONS.setdefault("funding.fundapplication", ["view", "screen"])
