"""A person's rights over their data: an export of everything held (JSON) and erasure.

Gathered across the apps (which is why it lives in the project's wiring, not in an app):
the person's record, their user account and sign-in sessions, the cities they act for,
their claims, invitations they sent or that were sent to their addresses, ISC terms,
co-chair terms, expert profile and engagements, working groups, minutes reviews and
comments, reminders sent and reports requested. Secrets (password hashes, second-factor
keys, session keys) are never included.

Erasure removes what identifies the person in all those places and in the audit trail's
copies, and keeps the records others need; applicants that were never approved are
erased automatically after the retention period (``APPLICANT_RETENTION_DAYS``).
"""

import datetime
import logging
import re

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    CoChairTerm,
    Expert,
    ExpertEngagement,
    IscTerm,
    MinutesComment,
    MinutesReview,
    WorkingGroupMembership,
)
from members.models import ActingClaim, Commitment, Invitation, Official, Person
from scn_portal.accounts.services import end_all_sessions
from scn_portal.audit.context import suppressed
from scn_portal.audit.models import AuditEntry
from scn_portal.audit.registry import record_entry
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reports.models import ReportRequest

security_logger = logging.getLogger("scn_portal.security")


def _when(value):
    return value.isoformat() if value else None


def _email_addresses(person: Person) -> set[str]:
    """Every address the person is known by: their record's, their account's, and the
    account's sign-in addresses."""
    addresses = {person.email}
    if person.user is not None:
        addresses.add(person.user.email)
        addresses.update(
            EmailAddress.objects.filter(user=person.user).values_list("email", flat=True)
        )
    return {a for a in addresses if a}


def _invitations_to(addresses: set[str]):
    """Invitations sent to any of ``addresses`` (compared without regard to case)."""
    if not addresses:
        return Invitation.objects.none()
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return Invitation.objects.filter(match)


def _invitation(invitation) -> dict:
    return {
        "city": invitation.local_government.name,
        "email": invitation.email,
        "language": invitation.language,
        "note": invitation.message,
        "invited_at": _when(invitation.created_at),
        "sent_at": _when(invitation.sent_at),
    }


def export_person(person: Person) -> dict:
    user = person.user
    data: dict = {
        "person": {
            "code": str(person.code),
            "full_name": person.full_name,
            "email": person.email,
            "gender": person.gender,
            "title": person.title,
        },
        "acts_for": [
            {
                "city": o.local_government.name,
                "country": o.local_government.country.code,
                "role": o.role,
                "active": o.is_active,
            }
            for o in Official.objects.filter(person=person).select_related("local_government")
        ],
        "isc_terms": [
            {
                "city": t.local_government.name,
                "starts_on": _when(t.starts_on),
                "ends_on": _when(t.ends_on),
                "capacity": t.capacity,
            }
            for t in IscTerm.objects.filter(person=person).select_related("local_government")
        ],
        "co_chair_terms": [
            {
                "city": t.local_government.name,
                "starts_on": _when(t.starts_on),
                "ends_on": _when(t.ends_on),
                "decided_on": _when(t.decided_on),
                "method": t.method,
            }
            for t in CoChairTerm.objects.filter(person=person).select_related("local_government")
        ],
        "working_groups": [
            {"group": m.group.topic, "status": m.status, "requested_at": _when(m.requested_at)}
            for m in WorkingGroupMembership.objects.filter(person=person).select_related("group")
        ],
        "invitations_received": [
            _invitation(i)
            for i in _invitations_to(_email_addresses(person)).select_related("local_government")
        ],
        "expert": None,
        "user_account": None,
    }
    expert = getattr(person, "expert", None) if hasattr(person, "expert") else None
    if expert is not None:
        data["expert"] = {
            "profile": expert.profile,
            "expertise": expert.expertise,
            "languages": expert.languages,
            "availability": expert.availability,
            "engagements": [
                {
                    "kind": e.kind,
                    "for": e.engaged_for,
                    "starts_on": _when(e.starts_on),
                    "ends_on": _when(e.ends_on),
                    "outcome": e.outcome,
                }
                for e in ExpertEngagement.objects.filter(expert=expert)
            ],
        }
    if user is not None:
        data["user_account"] = {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
            "second_factors": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
            "sessions": [
                {
                    "ip": s.ip,
                    "user_agent": s.user_agent,
                    "created_at": _when(s.created_at),
                    "last_seen_at": _when(s.last_seen_at),
                }
                for s in UserSession.objects.filter(user=user)
            ],
            "claims_to_act_for_a_city": [
                {
                    "city": c.local_government.name,
                    "role": c.role,
                    "status": c.status,
                    "asked_at": _when(c.created_at),
                    "note": c.note,
                }
                for c in ActingClaim.objects.filter(user=user).select_related("local_government")
            ],
            "commitments_submitted": [
                {
                    "city": c.local_government.name,
                    "version": c.version.label,
                    "signatory": c.signatory_name,
                    "signed_on": _when(c.signed_on),
                }
                for c in Commitment.objects.filter(submitted_by=user).select_related(
                    "local_government", "version"
                )
            ],
            "invitations_sent": [
                _invitation(i)
                for i in Invitation.objects.filter(invited_by=user).select_related(
                    "local_government"
                )
            ],
            "minutes_reviews": [
                {"minutes": str(r.minutes), "answer": r.verdict, "at": _when(r.at)}
                for r in MinutesReview.objects.filter(reviewer=user).select_related("minutes")
            ],
            "minutes_comments": [
                {
                    "minutes": str(c.minutes),
                    "comment": c.text,
                    "at": _when(c.created_at),
                    "resolution": c.resolution,
                }
                for c in MinutesComment.objects.filter(author=user).select_related("minutes")
            ],
            "reminders_sent": [
                {"rule": d.rule, "email": d.email, "status": d.status, "sent_at": _when(d.sent_at)}
                for d in ReminderDelivery.objects.filter(recipient=user)
            ],
            "reports_requested": [
                {"kind": r.kind, "language": r.language, "requested_at": _when(r.requested_at)}
                for r in ReportRequest.objects.filter(requested_by=user)
            ],
        }
    return data


# --- Erasure ------------------------------------------------------------------------------

ERASED = "[erased]"
# Fields of the audit trail's copies that hold a person's own data, per record kind.
PERSONAL_FIELDS = {
    "members.person": ("full_name", "email", "title", "gender"),
    "accounts.user": ("email", "full_name"),
    "members.actingclaim": ("position", "note"),
    # The address of an invitation sent to the person is scrubbed as one of theirs.
    "members.invitation": ("message",),
    "governance.expert": ("expertise", "availability", "languages"),
}


class ErasureRefused(ValidationError):
    """The erasure cannot happen now; the message says why (translated)."""


def erase_person(*, person: Person, by) -> dict:
    """Delete or anonymise everything that identifies ``person``, everywhere; keep the rest.

    The person and their account stay as records others point to (an ISC term, a
    comment on minutes, a decision), shown as "a former member"; names, addresses,
    positions, second factors, sessions and sign-in addresses are removed, and so are
    the audit trail's copies of them. Invitations sent to the person's addresses are
    deleted; those the person sent lose their sender and note (a city's count of
    invitations stays). One audit entry records the erasure and who asked for it.
    Someone who holds a current ISC seat or co-chair term is refused: the term is ended
    first.
    """
    today = timezone.localdate()
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        )
        if person.erased_at:
            raise ErasureRefused(_("This person's personal data has already been erased."))
        current = IscTerm.objects.filter(person=person, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        current_chair = CoChairTerm.objects.filter(person=person, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
        if current.exists() or current_chair.exists():
            raise ErasureRefused(
                _(
                    "%(name)s holds a current ISC seat or co-chair term. End the term "
                    "first; the erasure is then possible."
                )
                % {"name": person.full_name}
            )
        user = person.user
        addresses = _email_addresses(person)
        # Gathered first: the erasure deletes the ones sent to the person and unlinks the
        # ones they sent, after which neither would be found.
        received = set(_invitations_to(addresses).values_list("pk", flat=True))
        sent = (
            set(Invitation.objects.filter(invited_by=user).values_list("pk", flat=True))
            if user is not None
            else set()
        )
        names = (person.full_name, user.full_name if user is not None else "")
        identifiers = {v for v in (*names, *addresses) if v and len(v) >= 4}
        with suppressed():
            summary = _erase_records(person=person, user=user, received_invitations=received)
        _erase_audit_copies(
            person=person, user=user, identifiers=identifiers, invitations=received | sent
        )
        _record_erasure(person=person, user=user, summary=summary)
    security_logger.info(
        "personal data erased: person=%s by user_id=%s", person.code, getattr(by, "pk", None)
    )
    return summary


def _erase_records(*, person: Person, user, received_invitations: set[int]) -> dict:
    now = timezone.now()
    # The colleague who sent an invitation to the person keeps no copy of it: it only
    # ever served to bring the person in.
    deleted, _by_model = Invitation.objects.filter(pk__in=received_invitations).delete()
    person.full_name, person.email, person.title = "", "", ""
    person.gender = Person.Gender.UNDISCLOSED
    person.erased_at = now
    person.save()
    officials = 0
    for official in Official.objects.filter(person=person, is_active=True):
        official.is_active = False
        official.save(update_fields=["is_active"])
        officials += 1
    expert = Expert.objects.filter(person=person).first()
    if expert is not None:
        expert.expertise = expert.availability = ""
        expert.languages = []
        expert.is_active = False
        expert.save()
    summary = {
        "officials_ended": officials,
        "expert_profile": expert is not None,
        "invitations_deleted": deleted,
    }
    if user is None:
        return summary
    ActingClaim.objects.filter(user=user).update(position="", note="")
    # The city's count of invitations stays right; who sent them and their note go.
    summary["invitations_unlinked"] = Invitation.objects.filter(invited_by=user).update(
        invited_by=None, message=""
    )
    for delivery in ReminderDelivery.objects.filter(recipient=user):
        delivery.email = f"erased-{delivery.pk}@erased.invalid"
        delivery.save(update_fields=["email"])
    summary["sessions_ended"] = end_all_sessions(user=user)
    UserSession.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.erased_at = now
    user.save()
    return summary


def _erase_audit_copies(
    *, person: Person, user, identifiers: set[str], invitations: set[int]
) -> None:
    """Remove the person's data from the audit trail's copies and the admin's own log.

    ``invitations`` are those sent to the person or by them (gathered before the erasure).
    """
    own = [("members", "person", person.pk)]
    own += [("members", "invitation", pk) for pk in sorted(invitations)]
    own += [("members", "official", pk) for pk in person.officials.values_list("pk", flat=True)]
    own += [
        ("governance", "expert", pk)
        for pk in Expert.objects.filter(person=person).values_list("pk", flat=True)
    ]
    if user is not None:
        own.append(("accounts", "user", user.pk))
        own += [
            ("members", "actingclaim", pk)
            for pk in ActingClaim.objects.filter(user=user).values_list("pk", flat=True)
        ]
    former = str(_("a former member"))
    for app_label, model, pk in own:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        fields = PERSONAL_FIELDS.get(f"{app_label}.{model}", ())
        for entry in AuditEntry.objects.filter(content_type=content_type, object_id=str(pk)):
            entry.changes = {
                name: _blank_pair(pair) if name in fields else pair
                for name, pair in entry.changes.items()
            }
            if model in ("person", "user"):
                entry.object_repr = former
            entry.save(update_fields=["changes", "object_repr"])
    if user is not None:
        AuditEntry.objects.filter(actor=user).update(actor_label="", ip_address=None, path="")
    # Any other copy of a name or an address (a record's description, a text field).
    for identifier in identifiers:
        mentioning = AuditEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(
            Q(object_repr__icontains=identifier) | Q(changes_text__icontains=identifier)
        )
        for entry in mentioning:
            entry.object_repr = _scrub(entry.object_repr, identifier)
            entry.changes = _scrub(entry.changes, identifier)
            entry.save(update_fields=["object_repr", "changes"])
        for log in LogEntry.objects.filter(
            Q(object_repr__icontains=identifier) | Q(change_message__icontains=identifier)
        ):
            log.object_repr = _scrub(log.object_repr, identifier)
            log.change_message = _scrub(log.change_message, identifier)
            log.save(update_fields=["object_repr", "change_message"])


def _blank_pair(pair):
    if not isinstance(pair, list):
        return ERASED
    return [v if v in (None, "", []) else ERASED for v in pair]


def _scrub(value, identifier: str):
    """``value`` with every occurrence of ``identifier`` (any case) replaced."""
    if isinstance(value, str):
        return re.sub(re.escape(identifier), ERASED, value, flags=re.IGNORECASE)
    if isinstance(value, list):
        return [_scrub(v, identifier) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, identifier) for k, v in value.items()}
    return value


def _record_erasure(*, person: Person, user, summary: dict) -> None:
    erased = {name: [ERASED, None] for name in PERSONAL_FIELDS["members.person"]}
    if user is not None:
        erased["user"] = [ERASED, None]
    record_entry(person, action="erased", changes=erased)


# --- Retention of applicants that were never approved --------------------------------------


def erase_stale_applicants(*, today=None) -> list[str]:
    """Erase the people of applications never approved, once the retention period is over.

    ``settings.APPLICANT_RETENTION_DAYS`` after an application's last activity (see
    ``members.selectors.stale_never_approved_applications``), the people who acted for
    it and nothing else (no other city, no ISC term, no expert profile, no staff
    account) are erased; the city's record stays. Running it again erases no one twice.
    """
    from members.selectors.applications import stale_never_approved_applications

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.APPLICANT_RETENTION_DAYS)
    cities = stale_never_approved_applications(before=cutoff)
    people = (
        Person.objects.filter(officials__local_government__in=cities, erased_at__isnull=True)
        .exclude(officials__local_government__membership__joined_on__isnull=False)
        .exclude(isc_terms__isnull=False)
        .exclude(co_chair_terms__isnull=False)
        .exclude(expert__isnull=False)
        .exclude(user__is_staff=True)
        .distinct()
    )
    erased = []
    for person in people:
        other_cities = person.officials.exclude(local_government__in=cities).exists()
        if other_cities:
            continue
        erase_person(person=person, by=None)
        erased.append(str(person.code))
    return erased


def delete_expired_invitations(*, today=None) -> int:
    """Delete invitations older than ``settings.INVITATION_RETENTION_DAYS``, and the audit
    trail's copies of them: they hold the address of someone who may never have joined.

    A rerun finds nothing more to delete. Returns how many invitations were deleted.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.INVITATION_RETENTION_DAYS)
    with transaction.atomic():
        expired = list(
            Invitation.objects.select_for_update()
            .filter(created_at__date__lt=cutoff)
            .values_list("pk", flat=True)
        )
        if not expired:
            return 0
        content_type = ContentType.objects.get_for_model(Invitation)
        AuditEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in expired]
        ).delete()
        with suppressed():  # deleting them must not write their address to the trail again
            Invitation.objects.filter(pk__in=expired).delete()
    return len(expired)
