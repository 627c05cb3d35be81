"""Emails to a city's officials when its membership changes, each in their own language,
and the invitations officials send to colleagues.

``send_decision_email`` is called by the task ``members.tasks.notify_membership_decision``,
which ``members.services.memberships.transition`` queues once the change is committed.
Only decisions taken by staff (or the system on their behalf) are announced: an official
is not emailed about their own acts (starting an application, submitting it, withdrawing
it).

Each email is recorded as a ``ReminderDelivery`` (rule ``members.membership_decision``,
one row per decision and address), claimed before it is sent: a task that runs twice (a
retry, a message redelivered after a worker died) emails each official once, and staff
see in the admin what was sent.

An invitation (``send_invitation_email``, called by the task ``members.send_invitation``)
goes to one address in the language the official chose. It is claimed on its own row
(``sent_at`` is set where still empty) rather than through a ``ReminderDelivery``, which
would copy the colleague's address to a second table that erasure finds by user only.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.models import ReminderDelivery
from scn_portal.task_options import EMAIL_ERRORS, MAX_RETRIES

from .models import Invitation, LocalGovernment, Membership, MembershipTransition, Official
from .selectors.people import management_unit_to_email

logger = logging.getLogger(__name__)

S = Membership.Status
# What the official should know about each decision, in a sentence.
NEXT_STEPS = {
    S.MEMBER: _(
        "Welcome to the Strong Cities Network: your city can now take part in the "
        "network's member activities and benefits."
    ),
    S.REJECTED: _("Your city may apply again later; the reason is given below."),
    S.INELIGIBLE: _(
        "The eligibility check found the city inside a territory disputed under "
        "international law. Write to the Management Unit if you think this is a mistake."
    ),
    S.APPLICANT: _(
        "The Management Unit needs more information: complete the application in the "
        "portal and submit it again."
    ),
    S.UNDER_REVIEW: _("The Management Unit has resumed the review of your application."),
    S.SUSPENDED: _("The city's membership is suspended; the reason is given below."),
    S.WITHDRAWN: _("The city's membership has been withdrawn."),
    S.LAPSED: _("The city's membership has lapsed; you may apply again in the portal."),
}
del S


def is_staff_decision(transition: MembershipTransition) -> bool:
    """A decision to announce: not a new application or a submission, and not taken by
    one of the city's own officials."""
    to, came_from = transition.to_status, transition.from_status
    if to == Membership.Status.PROSPECT:
        return False
    if to == Membership.Status.APPLICANT and came_from not in (
        Membership.Status.UNDER_REVIEW,
        Membership.Status.INELIGIBLE,
    ):
        return False  # a new application
    if to == Membership.Status.UNDER_REVIEW and came_from != Membership.Status.INELIGIBLE:
        return False  # the official submitted it
    if transition.actor_id is None:
        return True  # the system, on staff's behalf (e.g. the location check)
    city_id = transition.membership.local_government_id
    return not LocalGovernment.objects.acted_for_by(transition.actor).filter(pk=city_id).exists()


def recipients(membership: Membership) -> list:
    """Active users among the city's active officials, and whoever applied; once each."""
    users = {}
    officials = Official.objects.filter(
        local_government_id=membership.local_government_id,
        is_active=True,
        person__user__isnull=False,
        person__user__is_active=True,
    ).select_related("person__user")
    for official in officials:
        users[official.person.user.pk] = official.person.user
    if membership.applied_by is not None and membership.applied_by.is_active:
        users.setdefault(membership.applied_by.pk, membership.applied_by)
    return [user for user in users.values() if user.email]


def supported_language(language: str | None) -> str:
    """``language`` if the portal speaks it, else the default language."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _language_of(user) -> str:
    return supported_language(getattr(user, "language", ""))


DELIVERY_RULE = "members.membership_decision"
# The first try and each of the task's retries.
MAX_ATTEMPTS = MAX_RETRIES + 1


def send_decision_email(*, transition: MembershipTransition) -> int:
    """Email every official of the city about a staff decision, each in their language.

    Returns how many emails were sent. An address already emailed for this decision is
    skipped. A failure to one address is recorded and does not stop the others; if one
    was transient (the relay unreachable), it is raised at the end so the task retries.
    """
    transition = MembershipTransition.objects.select_related(
        "membership__local_government", "membership__applied_by", "actor"
    ).get(pk=transition.pk)
    if not is_staff_decision(transition):
        return 0
    membership = transition.membership
    sent = 0
    transient = None
    for user in recipients(membership):
        delivery = _claim(transition=transition, user=user)
        if delivery is None:
            continue  # sent (or being sent) by an earlier run
        try:
            _send_one(user=user, transition=transition)
        except Exception as exc:  # recorded so staff can tell why an official heard nothing
            logger.exception("Decision email to user %s failed", user.pk)
            delivery.status = ReminderDelivery.Status.FAILED
            delivery.error = f"{type(exc).__name__}: {exc}"
            delivery.save(update_fields=["status", "error"])
            if isinstance(exc, EMAIL_ERRORS):
                transient = exc
        else:
            delivery.status = ReminderDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["status", "sent_at"])
            sent += 1
    if transient is not None:
        raise transient
    return sent


def _claim(*, transition: MembershipTransition, user) -> ReminderDelivery | None:
    """The delivery row for this decision and address if this run is to send it, else None.

    The unique constraint on (rule, occasion, email) lets one run only create it; a failed
    delivery is taken again, by one run only, until ``MAX_ATTEMPTS``.
    """
    key = {
        "rule": DELIVERY_RULE,
        "occasion": f"transition:{transition.pk}",
        "email": user.email.lower(),
    }
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                **key, recipient=user, language=_language_of(user)
            )
    except IntegrityError:
        pass
    won = ReminderDelivery.objects.filter(
        **key, status=ReminderDelivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    ).update(status=ReminderDelivery.Status.SENDING, attempts=F("attempts") + 1, error="")
    return ReminderDelivery.objects.get(**key) if won else None


def _portal_path(city) -> str:
    """The city's page of the member portal (status and every decision), in the active
    language; the dashboard if the portal is not wired in this deployment."""
    try:
        return reverse("members:city_portal", kwargs={"code": city.code})
    except NoReverseMatch:
        return reverse("web:dashboard")


def _send_one(*, user, transition: MembershipTransition) -> None:
    with translation.override(_language_of(user)):
        city = transition.membership.local_government
        context = {
            "user": user,
            # modeltranslation gives the name in the active language (English if missing)
            "city_name": city.name,
            "status": Membership.Status(transition.to_status).label,
            "previous_status": Membership.Status(transition.from_status).label,
            "reason": transition.reason,
            "next_step": NEXT_STEPS.get(transition.to_status, ""),
            "portal_url": settings.SITE_URL + _portal_path(city),
            "site_url": settings.SITE_URL,
        }
        # One line, but keep non-breaking spaces (French puts them before « : » and »).
        subject = re.sub(
            r"[ \t\r\n]+", " ", render_to_string("emails/membership_decision_subject.txt", context)
        ).strip()
        text = render_to_string("emails/membership_decision.txt", context)
        html = render_to_string("emails/membership_decision.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


# --- Invitations of colleagues ----------------------------------------------------------


def send_invitation_email(*, invitation: Invitation) -> bool:
    """Email ``invitation`` in its language; False if an earlier run sent it already.

    The run that sets ``sent_at`` (where it is still empty) sends it, so of two runs (a
    retry, a message redelivered) only one emails. If the relay fails, ``sent_at`` is
    emptied again and the error raised, so that the task retries. An invitation whose
    sender was erased meanwhile is not sent: it would no longer say who invites.
    """
    claimed_at = timezone.now()
    won = Invitation.objects.filter(
        pk=invitation.pk, sent_at__isnull=True, invited_by__isnull=False
    ).update(sent_at=claimed_at)
    if not won:
        return False
    invitation = Invitation.objects.select_related("local_government", "invited_by").get(
        pk=invitation.pk
    )
    try:
        _send_invitation(invitation)
    except Exception:
        Invitation.objects.filter(pk=invitation.pk, sent_at=claimed_at).update(sent_at=None)
        raise
    return True


def _send_invitation(invitation: Invitation) -> None:
    with translation.override(supported_language(invitation.language)):
        city = invitation.local_government
        path = reverse("members:claim") + f"?city={city.code}"
        context = {
            "city": city,
            "inviter": invitation.invited_by.get_full_name(),
            "message": invitation.message,
            "claim_url": f"{settings.SITE_URL}{path}",
        }
        base = "members/portal/email_invitation"
        subject = render_to_string(f"{base}_subject.txt", context).strip()
        mail = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=render_to_string(f"{base}.txt", context),
            to=[invitation.email],
        )
        mail.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
        mail.send()


# --- Changes of location, held for staff's review --------------------------------------


def _raise_transient(outcome) -> None:
    """Raise the first transient failure so the task retries (the rest are recorded)."""
    for error in outcome.errors:
        if isinstance(error, EMAIL_ERRORS):
            raise error


def send_location_change_to_staff(*, change) -> int:
    """Email every Management Unit staff member about a proposed change of location,
    each in their language, once however often it runs. Returns how many were sent."""
    from scn_portal.reminders.delivery import Outcome, deliver

    if change.status != change.Status.PENDING:
        return 0
    city = change.local_government
    review_url = settings.SITE_URL + reverse(
        "admin:members_locationchange_change", args=[change.pk]
    )
    outcome = Outcome()
    for user in management_unit_to_email():
        outcome.add(
            deliver(
                rule="members.location_change_proposed",
                occasion=f"location_change:{change.pk}",
                template="emails/location_change_proposed",
                context={
                    "city": city,
                    "change": change,
                    "proposer": change.proposed_by,
                    "review_url": review_url,
                },
                user=user,
            )
        )
    _raise_transient(outcome)
    return outcome.sent


def send_location_decision(*, change) -> int:
    """Email the official who proposed a change of location what staff decided."""
    from scn_portal.reminders.delivery import deliver

    proposer = change.proposed_by
    if (
        proposer is None
        or not proposer.is_active
        or change.status
        not in (
            change.Status.ACCEPTED,
            change.Status.REFUSED,
        )
    ):
        return 0
    outcome = deliver(
        rule="members.location_change_decided",
        occasion=f"location_change:{change.pk}",
        template="emails/location_change_decided",
        context={
            "city": change.local_government,
            "change": change,
            "accepted": change.status == change.Status.ACCEPTED,
            "portal_url": settings.SITE_URL + _portal_path(change.local_government),
        },
        user=proposer,
    )
    _raise_transient(outcome)
    return outcome.sent


def send_account_link_notice(*, person, previous_user_id: int | None) -> int:
    """Email the person, at their own address and at the addresses of the account now
    linked and of the one before, that staff changed the link; once per change and address.
    """
    from django.contrib.auth import get_user_model

    from scn_portal.reminders.delivery import Outcome, deliver

    previous = get_user_model().objects.filter(pk=previous_user_id).first()
    addresses: dict[str, object] = {}
    for user in (person.user, previous):
        if user is not None and user.email:
            addresses.setdefault(user.email.lower(), user)
    if person.email:
        addresses.setdefault(person.email.lower(), person.user)
    occasion = f"person:{person.pk}:account:{previous_user_id}->{person.user_id}"
    outcome = Outcome()
    for address, user in addresses.items():
        outcome.add(
            deliver(
                rule="members.account_link_changed",
                occasion=occasion,
                template="emails/account_link_changed",
                context={"person": person, "account": person.user, "previous": previous},
                user=user,
                email=address,
            )
        )
    _raise_transient(outcome)
    return outcome.sent
