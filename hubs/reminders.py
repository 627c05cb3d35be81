"""Reminders of the hubs app (sent by ``scn_portal.reminders``, each once)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.registry import Due, ReminderRule, register

from .helpdesk_emails import TEMPLATE, handlers_to_email, notice_context
from .models import HelpRequest


@register
class HelpDeskFirstResponse(ReminderRule):
    """A help-desk request without an answer whose first-response target is less than
    ``lead`` away (or already passed): whoever handles it is reminded, once per request."""

    code = "hubs.help_desk_first_response"
    label = _("Help-desk request about to miss its first-response target")
    template = TEMPLATE
    lead = timedelta(hours=12)

    def due(self):
        waiting = (
            HelpRequest.objects.awaiting_first_response()
            .filter(first_response_due__lte=timezone.now() + self.lead)
            .select_related("local_government", "assigned_to", "hub")
            .order_by("first_response_due", "pk")
        )
        for help_request in waiting.iterator(chunk_size=200):
            context = notice_context("reminder", help_request)
            for user in handlers_to_email(help_request):
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=f"{help_request.code}:first-response",
                    context=context,
                )


# The reminders of activities live in their own module.
from . import activity_reminders  # noqa: E402, F401
