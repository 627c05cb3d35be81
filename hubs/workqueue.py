"""What waits for staff in the hubs app: help-desk requests without a first answer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import works_for_the_network
from scn_portal.workqueue.registry import Line, register_line

from .models import HelpRequest
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


# The lines of activities live in their own module.
from . import activity_workqueue  # noqa: E402, F401
