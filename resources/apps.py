from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (declares the audited records and the workflow's events)
            panels,  # noqa: F401  (the city spotlight on a member's public profile)
            rules,  # noqa: F401  (who may read, submit and review)
        )
