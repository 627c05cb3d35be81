"""What members holds about a person, how a person is found, and how long applicants and
invitations are kept (see ``scn_portal.privacy``)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from scn_portal.audit.context import suppressed
from scn_portal.audit.models import AuditEntry
from scn_portal.privacy.registry import (
    PersonalData,
    Subject,
    SubjectSource,
    register,
    register_source,
)
from scn_portal.privacy.services import erase_person, when

from .models import ActingClaim, Certificate, Commitment, Invitation, Official, Person


@register_source
class People(SubjectSource):
    erased_fields = ("full_name", "email", "title", "gender")

    def find(self, code):
        return Person.objects.filter(code=code).select_related("user").first()

    def lock(self, record):
        return (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=record.pk)
        )

    def is_erased(self, record) -> bool:
        return record.erased_at is not None

    def user_of(self, record):
        return record.user

    def addresses(self, record) -> set[str]:
        return {record.email}

    def names(self, record) -> set[str]:
        return {record.full_name}

    def admin_url(self, record) -> str:
        return reverse("admin:members_person_change", args=[record.pk])


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
        "invited_at": when(invitation.created_at),
        "sent_at": when(invitation.sent_at),
    }


@register
class MemberData(PersonalData):
    code = "members"
    order = 10
    audit_fields = {
        "members.person": ("full_name", "email", "title", "gender"),
        "members.actingclaim": ("position", "note"),
        # The address of an invitation sent to the person is scrubbed as one of theirs.
        "members.invitation": ("message",),
    }

    def export(self, subject: Subject) -> dict:
        person, user = subject.record, subject.user
        data = {
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
            "invitations_received": [
                _invitation(i)
                for i in _invitations_to(subject.addresses).select_related("local_government")
            ],
        }
        if user is not None:
            data["user_account"] = {
                "claims_to_act_for_a_city": [
                    {
                        "city": c.local_government.name,
                        "role": c.role,
                        "status": c.status,
                        "asked_at": when(c.created_at),
                        "note": c.note,
                    }
                    for c in ActingClaim.objects.filter(user=user).select_related(
                        "local_government"
                    )
                ],
                "commitments_submitted": [
                    {
                        "city": c.local_government.name,
                        "version": c.version.label,
                        "signatory": c.signatory_name,
                        "signed_on": when(c.signed_on),
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
                "membership_certificates_requested": [
                    {
                        "number": c.number,
                        "city": c.local_government.name,
                        "issued_at": when(c.issued_at),
                    }
                    for c in Certificate.objects.filter(issued_by=user).select_related(
                        "local_government"
                    )
                ],
            }
        return data

    def gather(self, subject: Subject) -> dict:
        """The invitations sent to the person (deleted) and by them (unlinked): once the
        erasure has run, neither could be found again."""
        user = subject.user
        return {
            "received": set(_invitations_to(subject.addresses).values_list("pk", flat=True)),
            "sent": (
                set(Invitation.objects.filter(invited_by=user).values_list("pk", flat=True))
                if user is not None
                else set()
            ),
        }

    def own_records(self, subject: Subject, gathered) -> list[tuple[str, int]]:
        person, user = subject.record, subject.user
        own = [("members.person", person.pk)]
        own += [
            ("members.invitation", pk) for pk in sorted(gathered["received"] | gathered["sent"])
        ]
        own += [
            ("members.official", pk)
            for pk in Official.objects.filter(person=person).values_list("pk", flat=True)
        ]
        if user is not None:
            own += [
                ("members.actingclaim", pk)
                for pk in ActingClaim.objects.filter(user=user).values_list("pk", flat=True)
            ]
        return own

    def erase(self, subject: Subject, gathered) -> dict:
        """The person's record keeps no name or address; their links to cities end.

        The colleague who sent an invitation to the person keeps no copy of it: it only
        ever served to bring the person in. The invitations the person sent lose their
        sender and note (the city's count of invitations stays right). A city's signed
        commitment is the city's act and is kept.
        """
        person, user = subject.record, subject.user
        deleted, _by_model = Invitation.objects.filter(pk__in=gathered["received"]).delete()
        person.full_name, person.email, person.title = "", "", ""
        person.gender = Person.Gender.UNDISCLOSED
        person.erased_at = timezone.now()
        person.save()
        officials = 0
        for official in Official.objects.filter(person=person, is_active=True):
            official.is_active = False
            official.save(update_fields=["is_active"])
            officials += 1
        summary = {"officials_ended": officials, "invitations_deleted": deleted}
        if user is not None:
            ActingClaim.objects.filter(user=user).update(position="", note="")
            summary["invitations_unlinked"] = Invitation.objects.filter(invited_by=user).update(
                invited_by=None, message=""
            )
        return summary


# --- Retention of applicants that were never approved, and of invitations ----------------


def erase_stale_applicants(*, today=None) -> list[str]:
    """Erase the people of applications never approved, once the retention period is over.

    ``settings.APPLICANT_RETENTION_DAYS`` after an application's last activity (see
    ``members.selectors.applications.stale_never_approved_applications``), the people who acted for
    it and nothing else (no other city, no ISC term, no expert profile, no staff
    account) are erased; the city's record stays. Running it again erases no one twice.
    Whether a person holds anything else is asked of every app (their part of the
    erasure refuses, e.g. an ISC term), not only of members.
    """
    from .selectors.applications import stale_never_approved_applications

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.APPLICANT_RETENTION_DAYS)
    cities = stale_never_approved_applications(before=cutoff)
    people = (
        Person.objects.filter(officials__local_government__in=cities, erased_at__isnull=True)
        .exclude(officials__local_government__membership__joined_on__isnull=False)
        .exclude(user__is_staff=True)
        .distinct()
    )
    erased = []
    for person in people:
        if person.officials.exclude(local_government__in=cities).exists():
            continue
        if holds_other_roles(person):
            continue
        erase_person(person=person, by=None)
        erased.append(str(person.code))
    return erased


def holds_other_roles(person: Person) -> bool:
    """Whether another app keeps something of the person that outlives an application
    (an ISC term, an expert profile): such a person is not an applicant only."""
    from scn_portal.privacy.registry import parts
    from scn_portal.privacy.services import subject_of

    subject = subject_of(person)
    return any(part.keeps_person(subject) for part in parts())


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
