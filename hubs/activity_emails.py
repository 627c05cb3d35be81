"""The emails of activities, each in its recipient's language and sent once.

Every email goes through ``scn_portal.reminders.delivery``: claimed first as a
``ReminderDelivery`` (rule and occasion below), so a task that runs twice emails nobody
twice, and staff see in the admin what was sent. Called by the tasks in ``hubs.tasks``.

- A registration's confirmation (with the activity's calendar file) or its wait-list
  place: rule ``hubs.activity_registration``, one occasion per registration and status.
- An offer of a seat from the wait-list, with its accept and decline links: rule
  ``hubs.activity_offer``, one occasion per offer made.
- An invitation to an activity, to each official of an invited city: rule
  ``hubs.activity_invitation``, one occasion per invitation.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from scn_portal.calendars import CalendarEvent, calendar_file
from scn_portal.reminders.delivery import (
    Outcome,
    deliver,
    deliver_to_each,
    language_of,
    site_url,
)

from .models import Activity, ActivityInvitation, Registration

OFFER_SALT = "hubs.activity-offer"
REGISTRATION_RULE = "hubs.activity_registration"
OFFER_RULE = "hubs.activity_offer"
INVITATION_RULE = "hubs.activity_invitation"


def offer_token(registration: Registration) -> str:
    """The personal link's secret: this registration and this offer (a later offer to the
    same person has another; an answered offer's link no longer works)."""
    return signing.dumps([registration.pk, registration.offers_made], salt=OFFER_SALT)


def read_offer_token(token: str) -> tuple[int, int] | None:
    try:
        value = signing.loads(token, salt=OFFER_SALT)
    except signing.BadSignature:
        return None
    match value:
        case [int() as registration_id, int() as offer]:
            return registration_id, offer
    return None


def activity_event(activity: Activity) -> CalendarEvent:
    return CalendarEvent(
        uid=f"activity-{activity.code}",
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        time_zone=activity.time_zone,
        summary=activity.title,
        description=activity.description,
        location=activity.place or activity.online_link,
        url=settings.SITE_URL
        + reverse("activities:activity_detail", kwargs={"code": activity.code}),
        cancelled=activity.status == Activity.Status.CANCELLED,
    )


def activity_ics(activity: Activity, *, language: str) -> bytes:
    with translation.override(language):
        return calendar_file([activity_event(activity)], name=activity.title)


def send_registration_email(*, registration: Registration, status: str) -> Outcome:
    """Confirm a seat (with the calendar file) or a wait-list place, once per status."""
    user = registration.user
    language = language_of(user)
    attachments = ()
    if status == Registration.Status.REGISTERED:
        attachments = [
            (
                "activity.ics",
                activity_ics(registration.activity, language=language),
                "text/calendar",
            )
        ]
    return deliver(
        rule=REGISTRATION_RULE,
        occasion=f"registration:{registration.code}:{status}",
        template="emails/activities/registration",
        context={
            "registration": registration,
            "activity": registration.activity,
            "waiting": status == Registration.Status.WAITING,
            "page_url": site_url("activities:activity_detail", code=registration.activity.code),
        },
        user=user,
        language=language,
        attachments=attachments,
    )


def send_offer_email(*, registration: Registration, offer: int) -> Outcome:
    """Offer a seat to the person waiting, with accept and decline links, once per offer.
    An offer already answered or replaced by then is not sent."""
    if registration.status != Registration.Status.OFFERED or registration.offers_made != offer:
        return Outcome(skipped=1)
    token = offer_token(registration)
    return deliver(
        rule=OFFER_RULE,
        occasion=f"offer:{registration.code}:{offer}",
        template="emails/activities/offer",
        context={
            "registration": registration,
            "activity": registration.activity,
            "offer_url": site_url("activities:offer", token=token),
        },
        user=registration.user,
    )


def send_invitation_emails(
    *, invitation: ActivityInvitation, officials, connection=None, sent=None
) -> Outcome:
    """Invite each reachable official of the city, in their language, once each (over
    ``connection`` and collecting the deliveries ``sent``, when a batch gives them)."""
    activity = invitation.activity
    return deliver_to_each(
        officials,
        connection=connection,
        sent=sent,
        rule=INVITATION_RULE,
        occasion=f"invitation:{invitation.pk}",
        template="emails/activities/invitation",
        context={
            "activity": activity,
            "city": invitation.local_government,
            "page_url": site_url("activities:activity_detail", code=activity.code),
        },
    )
