"""Invitations officials of a member city send to colleagues."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name
from scn_portal.reminders.delivery import supported_language

from ..errors import MembershipError
from ..models import Invitation, LocalGovernment
from ..rules import was_admitted

# A city's invitations are counted over the last 24 hours ("today" in the refusals).
INVITATION_WINDOW = timedelta(hours=24)


@audit_event("colleague_invited")
def invite_colleague(
    *, local_government: LocalGovernment, email: str, language: str, actor, message: str = ""
) -> Invitation:
    """Record an invitation for a colleague to ask to act for the city; the task
    ``members.send_invitation`` emails it once the transaction commits.

    Their request is an ordinary ActingClaim that staff still confirm: the invitation
    itself grants nothing. Refused for a city the Management Unit has not admitted as a
    member (a draft anyone can create must not become a way to send email); when the city
    has sent ``settings.INVITATIONS_PER_CITY_PER_DAY`` invitations in the last 24 hours,
    or ``actor`` has sent ``settings.INVITATIONS_PER_ACCOUNT_PER_DAY`` (for any city); or
    when this address was invited for the city in that time. The note is plain text of at
    most ``INVITATION_NOTE_MAX_LENGTH`` characters. The city's and the account's rows are
    locked first, so two requests at once cannot both pass a limit. The caller checks that
    ``actor`` acts for the city.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model

    language = supported_language(language)
    message = plain_note(message)
    with transaction.atomic():
        city = (
            LocalGovernment.objects.select_for_update(of=("self",))
            .select_related("membership")
            .get(pk=local_government.pk)
        )
        if not was_admitted(actor, city):
            raise MembershipError(
                _(
                    "%(city)s can invite colleagues once the Management Unit has admitted it "
                    "as a member."
                ),
                code="not_admitted",
                params={"city": local_government.name},
            )
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        since = timezone.now() - INVITATION_WINDOW
        recent = Invitation.objects.filter(local_government=local_government, created_at__gte=since)
        if recent.filter(email__iexact=email).exists():
            raise MembershipError(
                # Translators: "today" stands for the last 24 hours.
                _("%(email)s has already been invited to act for %(city)s today."),
                code="already_invited",
                params={"email": email, "city": local_government.name},
            )
        limit = settings.INVITATIONS_PER_CITY_PER_DAY
        if recent.count() >= limit:
            raise MembershipError(
                # Translators: "today" and "in a day" stand for the last 24 hours.
                ngettext_lazy(
                    "%(city)s has already sent %(limit)d invitation today, the most a city "
                    "may send in a day. Try again tomorrow.",
                    "%(city)s has already sent %(limit)d invitations today, the most a city "
                    "may send in a day. Try again tomorrow.",
                    "limit",
                ),
                code="too_many_invitations",
                params={"city": local_government.name, "limit": limit},
            )
        own_limit = settings.INVITATIONS_PER_ACCOUNT_PER_DAY
        if Invitation.objects.filter(invited_by=actor, created_at__gte=since).count() >= own_limit:
            raise MembershipError(
                # Translators: "today" and "in a day" stand for the last 24 hours.
                ngettext_lazy(
                    "You have already sent %(limit)d invitation today, the most one person "
                    "may send in a day. Try again tomorrow.",
                    "You have already sent %(limit)d invitations today, the most one person "
                    "may send in a day. Try again tomorrow.",
                    "limit",
                ),
                code="too_many_invitations_by_you",
                params={"limit": own_limit},
            )
        invitation = Invitation.objects.create(
            local_government=local_government,
            email=email,
            language=language,
            message=message,
            invited_by=actor,
        )
        transaction.on_commit(lambda: _queue_invitation(invitation.pk))
    return invitation


# A personal note in an invitation: plain text, short.
INVITATION_NOTE_MAX_LENGTH = 500
_CONTROL_CHARACTERS = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def plain_note(text: str) -> str:
    """``text`` as plain text (tags and control characters removed); refused when longer
    than ``INVITATION_NOTE_MAX_LENGTH``."""
    from django.utils.html import strip_tags

    note = strip_tags(text or "").translate(_CONTROL_CHARACTERS).strip()
    if len(note) > INVITATION_NOTE_MAX_LENGTH:
        raise MembershipError(
            _("The note is too long: at most %(max)d characters."),
            code="note_too_long",
            params={"max": INVITATION_NOTE_MAX_LENGTH},
        )
    return note


def _queue_invitation(invitation_id: int) -> None:
    enqueue_by_name("members.send_invitation", invitation_id=invitation_id)


def send_invitations_again(invitations) -> int:
    """Queue the email of each invitation that has not gone out (its sender still known),
    once the transaction commits; those already sent are left alone. Returns how many."""
    pending = list(
        invitations.filter(sent_at__isnull=True, invited_by__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for pk in pending:
        transaction.on_commit(lambda pk=pk: _queue_invitation(pk))
    return len(pending)
