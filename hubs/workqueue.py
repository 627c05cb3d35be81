"""What waits for staff in the hubs app: help-desk requests without a first answer."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import works_for_the_network
from scn_portal.workqueue.keeping import changed_for
from scn_portal.workqueue.registry import Line, register_line

from .models import HelpRequest, Hub, HubStaff
from .selectors.helpdesk import handled_by, with_overdue


def help_requests_waiting(user):
    """Requests this person handles that wait for a first answer, the closest target first
    (without the help desk's count of messages, which no row shows: it cost a join and a
    grouping of every request in the count and the page)."""
    return (
        handled_by(user, with_overdue(HelpRequest.objects.all()))
        .filter(first_response_at__isnull=True)
        .open()
        .order_by("first_response_due", "pk")
    )


register_line(
    Line(
        code="hubs.help_desk",
        order=40,
        title=_("Help-desk requests waiting for a first answer"),
        items=help_requests_waiting,
        row_template="hubs/workqueue/_help_request.html",
        all_url=lambda: reverse("hubs:staff_help_desk"),
        may_see=works_for_the_network,
        shows=("code", "subject", "first_response_due", "local_government__name", "hub__name"),
    )
)


def _assignment_changed(sender, instance, **kwargs) -> None:
    """Whoever joins or leaves a hub sees their queue for their new scope at once."""
    changed_for(instance.user_id)


def _coverage_changed(sender, instance, **kwargs) -> None:
    """A hub's regions or countries changed: its staff's queues cover the new ones at once."""
    if isinstance(instance, Hub):
        for user_id in HubStaff.objects.filter(hub=instance).values_list("user_id", flat=True):
            changed_for(user_id)


post_save.connect(_assignment_changed, sender=HubStaff, dispatch_uid="workqueue-hub-staff")
post_delete.connect(_assignment_changed, sender=HubStaff, dispatch_uid="workqueue-hub-staff-gone")
post_save.connect(_coverage_changed, sender=Hub, dispatch_uid="workqueue-hub")
m2m_changed.connect(
    _coverage_changed, sender=Hub.regions.through, dispatch_uid="workqueue-hub-regions"
)


# The lines of activities live in their own module.
from . import activity_workqueue  # noqa: E402, F401
