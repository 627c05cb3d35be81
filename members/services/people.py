"""People the network knows: a user's own record, a city's contacts, and which account
acts as a person."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from scn_portal.queueing import enqueue_by_name

from ..errors import MembershipError
from ..models import LocalGovernment, Official, Person


def person_for_user(*, user) -> Person:
    """The Person record of a user account, created from the account if missing (once,
    even when two requests ask at the same moment)."""
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"full_name": user.get_full_name(), "email": user.email}
    )
    return person


def link_person_to_account(*, person: Person, user, actor) -> Person:
    """Link ``person`` to the user account ``user`` (None: to no account).

    The account inherits everything the person's records grant (acting for a city, an ISC
    seat, an expert profile), so this is a Management Unit decision: it needs
    ``members.link_person_account``, nobody links a person to their own account, and an
    account already linked to someone else is refused. The person (at their address and
    at both accounts') is emailed once the change is committed; the audit trail records it.
    """
    if actor is None or not actor.has_perm("members.link_person_account"):
        raise MembershipError(
            _("You do not have the permission to change which account a person is linked to."),
            code="permission",
        )
    if user is not None and user.pk == actor.pk:
        raise MembershipError(
            _("Nobody links a person to their own account: ask another staff member."),
            code="own_account",
        )
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            raise MembershipError(_("This person's personal data has been erased."), code="erased")
        if user is not None:
            holder = Person.objects.filter(user=user).exclude(pk=locked.pk).first()
            if holder is not None:
                raise MembershipError(
                    _("The account %(email)s is already linked to %(person)s."),
                    code="account_taken",
                    params={"email": user.email, "person": str(holder)},
                )
        previous_id = locked.user_id
        if previous_id == getattr(user, "pk", None):
            return locked
        locked.user = user
        locked.save(update_fields=["user"])
        transaction.on_commit(
            lambda: enqueue_by_name(
                "members.notify_account_link", person_id=locked.pk, previous_user_id=previous_id
            )
        )
    person.refresh_from_db()
    return person


def save_city_contact(
    *,
    local_government: LocalGovernment,
    role: str,
    full_name: str,
    email: str,
    title: str,
    actor,
) -> Official:
    """Record who holds ``role`` (mayor or focal point) for the city, as Person + Official.

    A person already acting for the city with that email is updated, otherwise a new
    person is recorded. A previous contact in the role without a user account is
    retired; one with an account keeps acting for the city (withdrawing access is
    staff's decision).
    """
    with transaction.atomic():
        person = None
        if email:
            person = (
                Person.objects.filter(
                    officials__local_government=local_government, email__iexact=email
                ).first()
                or Person.objects.filter(user=actor, email__iexact=email).first()
            )
        if person is None:
            person = Person.objects.create(full_name=full_name, email=email, title=title)
        elif (person.full_name, person.email, person.title) != (full_name, email, title):
            person.full_name, person.email, person.title = full_name, email, title
            person.save(update_fields=["full_name", "email", "title"])
        official, created = Official.objects.get_or_create(
            person=person, local_government=local_government, role=role
        )
        if not created and not official.is_active:
            official.is_active = True
            official.save(update_fields=["is_active"])
        # One by one, not a bulk update: each role change must reach the audit trail.
        for replaced in Official.objects.filter(
            local_government=local_government, role=role, is_active=True, person__user=None
        ).exclude(pk=official.pk):
            replaced.is_active = False
            replaced.save(update_fields=["is_active"])
    return official
