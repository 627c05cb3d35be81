from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "scn_portal.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )
        from django.db.models.signals import post_migrate

        from . import audit, roles, rules, scoping, signals  # noqa: F401  (MU role, audit)
        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="scn_session_clock")
        user_logged_in.connect(signals.log_sign_in, dispatch_uid="scn_log_sign_in")
        user_logged_out.connect(signals.log_sign_out, dispatch_uid="scn_log_sign_out")
        user_login_failed.connect(signals.log_failed_sign_in, dispatch_uid="scn_log_failed")

        # Not tied to one sender: permissions of apps migrated later must be included too.
        post_migrate.connect(roles.sync_management_unit_group, dispatch_uid="sync_mu_group")
        post_migrate.connect(scoping.sync_hub_staff_group, dispatch_uid="sync_hub_staff_group")
