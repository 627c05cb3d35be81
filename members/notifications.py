"""Emails to a city's officials when its membership changes, each in their own language,
and the invitations officials send to colleagues.

``send_decision_email`` is called by the task ``members.tasks.notify_membership_decision``,
which ``members.services.memberships.transition`` queues once the change is committed.
Only decisions taken by staff (or the system on their behalf) are announced: an official
is not emailed about their own acts (starting an application, submitting it, withdrawing
it).

Every email is written and sent by ``scn_portal.reminders.delivery``: rendered from its
three templates in the recipient's language, and (but for invitations) claimed first as a
``ReminderDelivery`` (rule ``members.membership_decision``, one row per decision and
address), so that a task that runs twice (a retry, a message redelivered after a worker
died) emails each person once, and staff see in the admin what was sent.

An invitation (``send_invitation_email``, called by the task ``members.send_invitation``)
goes to one address in the language the official chose. It is claimed on its own row
(``sent_at`` is set where still empty) rather than through a ``ReminderDelivery``, which
would copy the colleague's address to a second table that erasure finds by user only.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.delivery import (
    Outcome,
    deliver,
    render_email,
    send_email,
    supported_language,
)
from scn_portal.task_options import EMAIL_ERRORS

from .models import Invitation, LocalGovernment, Membership, MembershipTransition, Official
from .selectors.people import management_unit_to_email

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
    officials = (
        Official.objects.reachable()
        .filter(local_government_id=membership.local_government_id)
        .select_related("person__user")
    )
    for official in officials:
        users[official.person.user.pk] = official.person.user
    if membership.applied_by is not None and membership.applied_by.is_active:
        users.setdefault(membership.applied_by.pk, membership.applied_by)
    return [user for user in users.values() if user.email]


DELIVERY_RULE = "members.membership_decision"


def _in_page_language(make_text):
    """A value computed when the email is rendered, in the recipient's language (a link
    carries its language prefix, a city's name is read in that language)."""
    return lazy(make_text, str)()


def _portal_url(city):
    """The city's page of the member portal (status and every decision), in the email's
    language; the dashboard if the portal is not wired in this deployment."""

    def url() -> str:
        try:
            path = reverse("members:city_portal", kwargs={"code": city.code})
        except NoReverseMatch:
            path = reverse("web:dashboard")
        return settings.SITE_URL + path

    return _in_page_language(url)


def _raise_transient(outcome: Outcome) -> None:
    """Raise the first transient failure so the task retries (the rest are recorded)."""
    for error in outcome.errors:
        if isinstance(error, EMAIL_ERRORS):
            raise error


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
    city = membership.local_government
    context = {
        # modeltranslation gives the name in the active language (English if missing)
        "city_name": _in_page_language(lambda: city.name),
        "status": Membership.Status(transition.to_status).label,
        "previous_status": Membership.Status(transition.from_status).label,
        "reason": transition.reason,
        "next_step": NEXT_STEPS.get(transition.to_status, ""),
        "portal_url": _portal_url(city),
    }
    outcome = Outcome()
    for user in recipients(membership):
        outcome.add(
            deliver(
                rule=DELIVERY_RULE,
                occasion=f"transition:{transition.pk}",
                template="emails/membership_decision",
                context=context,
                user=user,
            )
        )
    _raise_transient(outcome)
    return outcome.sent


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
    city = invitation.local_government

    def claim_url() -> str:
        return f"{settings.SITE_URL}{reverse('members:claim')}?city={city.code}"

    email = render_email(
        "members/portal/email_invitation",
        {
            "city": city,
            "inviter": invitation.invited_by.get_full_name(),
            "message": invitation.message,
            "claim_url": _in_page_language(claim_url),
        },
        language=supported_language(invitation.language),
    )
    email.subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + email.subject
    send_email(email, to=[invitation.email])


# --- Changes of location, held for staff's review --------------------------------------


def send_location_change_to_staff(*, change) -> int:
    """Email every Management Unit staff member about a proposed change of location,
    each in their language, once however often it runs. Returns how many were sent."""
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
    proposer = change.proposed_by
    decided = (change.Status.ACCEPTED, change.Status.REFUSED)
    if proposer is None or not proposer.is_active or change.status not in decided:
        return 0
    outcome = deliver(
        rule="members.location_change_decided",
        occasion=f"location_change:{change.pk}",
        template="emails/location_change_decided",
        context={
            "city": change.local_government,
            "change": change,
            "accepted": change.status == change.Status.ACCEPTED,
            "portal_url": _portal_url(change.local_government),
        },
        user=proposer,
    )
    _raise_transient(outcome)
    return outcome.sent


def send_account_link_notice(*, person, previous_user_id: int | None) -> int:
    """Email the person, at their own address and at the addresses of the account now
    linked and of the one before, that staff changed the link; once per change and address.
    """
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
