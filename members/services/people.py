"""People the network knows: a user's own record, a city's contacts, who acts for a city,
and which account acts as a person."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..audit import saving
from ..errors import MembershipError
from ..models import LocalGovernment, Official, Person

# What staff edit of a person in the admin; which account acts as the person is changed
# only by ``link_person_to_account``.
PERSON_FIELDS = ("full_name", "email", "gender", "title")


@audit_event("person_recorded")
def person_for_user(*, user, title: str = "") -> Person:
    """The Person record of a user account, created from the account (with ``title``) if
    missing, once even when two requests ask at the same moment."""
    person, _created = Person.objects.get_or_create(
        user=user,
        defaults={"full_name": user.get_full_name(), "email": user.email, "title": title},
    )
    return person


def save_person(*, person: Person, actor) -> Person:
    """Save a person staff recorded or corrected in the admin (``PERSON_FIELDS`` only: the
    account linked to an existing person stays as it is)."""
    with saving(person, added="person_recorded", changed="person_changed"):
        with transaction.atomic():
            if person._state.adding:
                person.save()
            else:
                person.save(update_fields=PERSON_FIELDS)
    return person


def make_official(*, person: Person, local_government_id: int, role: str) -> Official:
    """``person`` acts for the city in ``role``: the row is created, or made active again."""
    official, created = Official.objects.get_or_create(
        person=person, local_government_id=local_government_id, role=role
    )
    if not created and not official.is_active:
        official.is_active = True
        official.save(update_fields=["is_active"])
    return official


def save_official(*, official: Official, actor) -> Official:
    """Save who acts for a city as staff set it in the admin (a person's cities, a city's
    officials). Staff's admin lets them pick only people and cities of their regions.
    A role ends through ``end_official``."""
    with saving(official, added="official_added", changed="official_changed"):
        with transaction.atomic():
            official.save()
    return official


@audit_event("official_removed")
def end_official(*, official: Official, actor) -> Official:
    """Staff end a person's role for a city: the person no longer acts for it (nor gets
    its emails), keeps their other roles, and the row stays as the record that they did.
    Officials are never deleted by hand."""
    with transaction.atomic():
        official.is_active = False
        official.save()  # with what else staff changed on the row in the same form
    return official


@audit_event("person_linked_to_account")
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


# The roles the contacts form names, one person each.
CONTACT_ROLES = (Official.Role.MAYOR, Official.Role.FOCAL_POINT)


def _contact_person(
    *, local_government: LocalGovernment, role: str, full_name: str, email: str, actor
) -> Person | None:
    """The person already known who is the contact typed, or None (a new person).

    A person acting for the city with that address; or the actor themselves, typed with
    the address of their account or of their record, or by their own name in the role the
    form showed them in (their work address instead of the one they signed up with).
    """
    if email:
        found = Person.objects.filter(
            officials__local_government=local_government, email__iexact=email
        ).first()
        if found is not None:
            return found
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    own = Person.objects.filter(user=actor, erased_at__isnull=True)
    if email:
        found = own.filter(Q(email__iexact=email) | Q(user__email__iexact=email)).first()
        if found is not None:
            return found
    return own.filter(
        full_name__iexact=" ".join(full_name.split()),
        officials__local_government=local_government,
        officials__role=role,
        officials__is_active=True,
    ).first()


@audit_event("city_contact_recorded")
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

    The person already known (``_contact_person``) is updated, otherwise a new person is
    recorded. A previous contact in the role without a user account is retired; one with
    an account keeps acting for the city (withdrawing access is staff's decision).
    """
    with transaction.atomic():
        person = _contact_person(
            local_government=local_government,
            role=role,
            full_name=full_name,
            email=email,
            actor=actor,
        )
        if person is None:
            person = Person.objects.create(full_name=full_name, email=email, title=title)
        elif (person.full_name, person.email, person.title) != (full_name, email, title):
            person.full_name, person.email, person.title = full_name, email, title
            person.save(update_fields=["full_name", "email", "title"])
        official = make_official(person=person, local_government_id=local_government.pk, role=role)
        # One by one, not a bulk update: each role change must reach the audit trail.
        for replaced in Official.objects.filter(
            local_government=local_government, role=role, is_active=True, person__user=None
        ).exclude(pk=official.pk):
            replaced.is_active = False
            replaced.save(update_fields=["is_active"])
    return official


@audit_event("city_contact_recorded")
def save_city_contacts(
    *, local_government: LocalGovernment, contacts: list[tuple[str, str, str, str]], actor
) -> list[Official]:
    """Record the city's contacts as the contacts form gives them: (role, full name, email,
    title) for each of ``CONTACT_ROLES`` (``save_city_contact`` for each).

    The person saving the form is then listed once, in the role the form gives them: their
    own rows in another contact role, now someone else's, and as other staff are retired.
    Named in no role, they keep acting for the city as other staff (only staff withdraw
    access). The caller checks that ``actor`` may change the city's contacts.
    """
    with transaction.atomic():
        saved = [
            save_city_contact(
                local_government=local_government,
                role=role,
                full_name=full_name,
                email=email,
                title=title,
                actor=actor,
            )
            for role, full_name, email, title in contacts
        ]
        me = Person.objects.filter(user=actor).first() if actor is not None else None
        if me is not None:
            _list_the_actor_once(local_government=local_government, person=me, saved=saved)
    return saved


def _list_the_actor_once(
    *, local_government: LocalGovernment, person: Person, saved: list[Official]
) -> None:
    named = {official.role for official in saved if official.person_id == person.pk}
    if not named:
        # Someone else in each role the form names: the actor still acts for the city.
        replaced = Official.objects.filter(
            person=person,
            local_government=local_government,
            role__in=CONTACT_ROLES,
            is_active=True,
        )
        if replaced.exists():
            make_official(
                person=person, local_government_id=local_government.pk, role=Official.Role.STAFF
            )
    extra = Official.objects.filter(
        person=person, local_government=local_government, is_active=True
    ).exclude(role__in=named or {Official.Role.STAFF})
    for official in extra:
        official.is_active = False
        official.save(update_fields=["is_active"])
