"""Reminders and notices that could not be sent: someone heard nothing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.workqueue.registry import Line, register_line

from .models import ReminderDelivery


def failed_deliveries(user):
    return ReminderDelivery.objects.filter(status=ReminderDelivery.Status.FAILED).order_by(
        "created_at", "pk"
    )


register_line(
    Line(
        code="reminders.failed",
        order=900,
        title=_("Reminders and notices that failed to send"),
        items=failed_deliveries,
        row_template="reminders/workqueue/_failed.html",
        may_see=is_mu_staff,
        all_url=lambda: (
            reverse("admin:reminders_reminderdelivery_changelist") + "?status__exact=failed"
        ),
    )
)
