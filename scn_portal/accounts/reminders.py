from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.registry import Due, ReminderRule, register


@register
class UnverifiedEmail(ReminderRule):
    """People who signed up but have not verified their email address after a few days."""

    code = "accounts.unverified_email"
    label = _("Email address not verified after 3 days")
    template = "emails/reminders/unverified_email"

    def due(self):
        cutoff = timezone.now() - timedelta(days=settings.UNVERIFIED_EMAIL_REMINDER_AFTER_DAYS)
        addresses = (
            EmailAddress.objects.filter(
                verified=False, user__is_active=True, user__date_joined__lte=cutoff
            )
            .select_related("user")
            .order_by("pk")
        )
        for address in addresses.iterator(chunk_size=500):
            user = address.user
            yield Due(
                user=user,
                email=address.email,
                occasion=f"email-address:{address.pk}",
                context={"email": address.email},
            )
