from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "scn_portal.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import roles, rules, scoping  # noqa: F401  (registers the Management Unit role)

        # Not tied to one sender: permissions of apps migrated later must be included too.
        post_migrate.connect(roles.sync_management_unit_group, dispatch_uid="sync_mu_group")
        post_migrate.connect(scoping.sync_hub_staff_group, dispatch_uid="sync_hub_staff_group")
