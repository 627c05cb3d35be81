"""Reminders of activities, through the reminder framework (each person once, in their
language):

- An activity in 7 days and in 1 day: every person registered for it.
- An offer of a seat that expires within 12 hours and is not answered yet: the person
  offered it, with the offer's link again.

Occasions include the activity's start (or the offer's number), so a moved activity is
announced again, and nothing twice otherwise.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.delivery import site_url
from scn_portal.reminders.registry import Due, ReminderRule, register

from .activity_emails import offer_token
from .models import Activity, Registration

ACTIVITY_WINDOWS = ((1, "1d"), (7, "7d"))  # checked shortest first
OFFER_EXPIRING_WITHIN = timedelta(hours=12)


@register
class ActivitySoon(ReminderRule):
    code = "hubs.activity_soon"
    label = _("Activity in 7 days and in 1 day")
    template = "emails/activities/activity_soon"

    def due(self):
        now = timezone.now()
        registrations = (
            Registration.objects.filter(
                status=Registration.Status.REGISTERED,
                activity__starts_at__gt=now,
                activity__starts_at__lte=now + timedelta(days=7),
                user__is_active=True,
            )
            .exclude(activity__status=Activity.Status.CANCELLED)
            .exclude(user__email="")
            .select_related("activity", "user")
            .order_by("activity__starts_at", "pk")
        )
        for registration in registrations:
            activity = registration.activity
            days_left = (activity.starts_at - now).total_seconds() / 86400
            window = next(label for limit, label in ACTIVITY_WINDOWS if days_left <= limit)
            yield Due(
                user=registration.user,
                email=registration.user.email,
                occasion=(f"activity:{activity.code}:{window}:{activity.starts_at:%Y%m%dT%H%M}"),
                context={
                    "activity": activity,
                    "days": 1 if window == "1d" else 7,
                    "page_url": site_url("activities:activity_detail", code=activity.code),
                },
            )


@register
class ActivityOfferExpiring(ReminderRule):
    code = "hubs.activity_offer_expiring"
    label = _("Offer of an activity seat expiring within 12 hours")
    template = "emails/activities/offer_expiring"

    def due(self):
        now = timezone.now()
        offers = (
            Registration.objects.filter(
                status=Registration.Status.OFFERED,
                offer_expires_at__gt=now,
                offer_expires_at__lte=now + OFFER_EXPIRING_WITHIN,
                user__is_active=True,
            )
            .exclude(user__email="")
            .select_related("activity", "user")
            .order_by("offer_expires_at", "pk")
        )
        for registration in offers:
            yield Due(
                user=registration.user,
                email=registration.user.email,
                occasion=f"offer-expiring:{registration.code}:{registration.offers_made}",
                context={
                    "activity": registration.activity,
                    "registration": registration,
                    "offer_url": site_url("activities:offer", token=offer_token(registration)),
                },
            )
