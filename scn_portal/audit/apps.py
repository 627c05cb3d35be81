from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "scn_portal.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from celery.signals import task_postrun, task_prerun

        from . import context, rules  # noqa: F401  (registers who may read the trail)

        task_prerun.connect(context.task_started, dispatch_uid="scn_audit_task_started")
        task_postrun.connect(context.task_finished, dispatch_uid="scn_audit_task_finished")
