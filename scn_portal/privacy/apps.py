from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "scn_portal.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares what it holds about a person in its own privacy.py.
        autodiscover_modules("privacy")
