from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "scn_portal.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its reminder rules in its own reminders.py.
        autodiscover_modules("reminders")
