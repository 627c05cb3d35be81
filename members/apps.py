from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (declares the audited records)
            rules,  # noqa: F401  (registers the city-official role)
            signals,
        )

        signals.connect()
