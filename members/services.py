"""Every change of state of a membership, a commitment or the disputed-territory list.

Services take keyword-only arguments, run in a transaction, check their own rules and
raise ``MembershipError`` (a ValidationError with a translated message) when a rule
refuses. Callers (views, admin actions, tasks) check who may act; services check what
may happen.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from scn_portal.queueing import enqueue_by_name

from .eligibility import location_check, territory_matches
from .models import (
    LOCATION_FIELDS,
    ActingClaim,
    Commitment,
    DisputedTerritory,
    EligibilityOverride,
    GuidingPrinciple,
    Invitation,
    LocalGovernment,
    LocationChange,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    Person,
    PrincipleVersion,
    TerritoryMatch,
)
from .notifications import supported_language
from .rules import was_admitted
from .selectors import same_city


class MembershipError(ValidationError):
    """A rule of the membership lifecycle refused the change; the message says which."""


def transition(*, membership: Membership, to: str, actor, reason: str = "") -> MembershipTransition:
    """Move ``membership`` to ``to`` if the state machine allows it, and record the move.

    Locks the row, so two staff members deciding at once cannot both move it.
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.can_move_to(to):
            raise MembershipError(
                _("A membership cannot go from “%(from)s” to “%(to)s”."),
                code="transition_refused",
                params={
                    "from": locked.get_status_display(),
                    "to": Membership.Status(to).label,
                },
            )
        record = MembershipTransition.objects.create(
            membership=locked,
            from_status=locked.status,
            to_status=to,
            actor=actor,
            reason=reason,
        )
        locked.status = to
        locked.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at"]
        if to == Membership.Status.MEMBER and locked.joined_on is None:
            locked.joined_on = timezone.localdate()
            fields.append("joined_on")
        locked.save(update_fields=fields)
        membership.refresh_from_db()
        transaction.on_commit(lambda: _notify(record.pk))
    return record


def _notify(transition_id: int) -> None:
    enqueue_by_name("members.notify_membership_decision", transition_id=transition_id)


# --- Applications -----------------------------------------------------------------


def start_application(*, local_government: LocalGovernment, actor) -> Membership:
    """Open an application for ``local_government`` (a draft the official fills in steps).

    Refuses a second application while one is open, and a city that is already a member.
    """
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(
            local_government=local_government
        )
        if membership.is_open_application:
            raise MembershipError(
                _("%(city)s already has an open application."),
                code="application_open",
                params={"city": local_government.name},
            )
        if membership.status in (Membership.Status.MEMBER, Membership.Status.SUSPENDED):
            raise MembershipError(
                _("%(city)s is already a member of the network."),
                code="already_member",
                params={"city": local_government.name},
            )
        transition(membership=membership, to=Membership.Status.APPLICANT, actor=actor)
        membership.application_step = 0
        membership.application_started_at = timezone.now()
        membership.applied_by = actor
        membership.submitted_at = None
        membership.save(
            update_fields=[
                "application_step",
                "application_started_at",
                "applied_by",
                "submitted_at",
            ]
        )
    return membership


def submit_application(*, membership: Membership, actor) -> MembershipTransition:
    """Submit a completed draft: the eligibility check runs now and explains itself.

    A city inside a disputed territory goes to "ineligible" with the territory and the
    rule named; otherwise the application goes to the Management Unit for review.
    """
    if membership.status != Membership.Status.APPLICANT:
        raise MembershipError(_("Only a draft application can be submitted."), code="not_a_draft")
    with transaction.atomic():
        lg = membership.local_government
        current = PrincipleVersion.objects.current()
        if current and not Commitment.objects.filter(local_government=lg, version=current).exists():
            raise MembershipError(
                _("Commit to every guiding principle before you submit the application."),
                code="commitment_missing",
            )
        result = record_location_check(local_government=lg)
        if result.matches:
            record = transition(
                membership=membership,
                to=Membership.Status.INELIGIBLE,
                actor=actor,
                reason=" ".join(m.explanation for m in result.matches),
            )
        else:
            record = transition(
                membership=membership, to=Membership.Status.UNDER_REVIEW, actor=actor
            )
        membership.submitted_at = timezone.now()
        membership.save(update_fields=["submitted_at"])
        if not lg.location_confirmed:
            # Screened and in staff's queue: from now on a new location waits for review.
            lg.location_confirmed = True
            lg.save(update_fields=["location_confirmed"])
    return record


def approve_membership(*, membership: Membership, actor, reason: str = "") -> MembershipTransition:
    """Approve an application under review. Refused while the location check fails."""
    with transaction.atomic():
        lg = membership.local_government
        result = record_location_check(local_government=lg)
        if result.matches:
            raise MembershipError(
                _("This application cannot be approved: %(why)s"),
                code="ineligible",
                params={"why": " ".join(m.explanation for m in result.matches)},
            )
        current = PrincipleVersion.objects.current()
        if current and not Commitment.objects.filter(local_government=lg, version=current).exists():
            raise MembershipError(
                _(
                    "This application cannot be approved: there is no commitment to the "
                    "current guiding principles."
                ),
                code="commitment_missing",
            )
        if membership.status != Membership.Status.UNDER_REVIEW:
            raise MembershipError(
                _("Only an application under review can be approved."), code="not_under_review"
            )
        record = transition(
            membership=membership, to=Membership.Status.MEMBER, actor=actor, reason=reason
        )
        terms = MembershipTerms.objects.current()
        if terms is not None:
            membership.terms = terms
            membership.save(update_fields=["terms"])
    return record


def reject_membership(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    if not reason.strip():
        raise MembershipError(_("Give the reason for the rejection."), code="reason_required")
    return transition(
        membership=membership, to=Membership.Status.REJECTED, actor=actor, reason=reason
    )


def request_more_information(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    """Send an application back to the official as a draft, saying what is missing."""
    if not reason.strip():
        raise MembershipError(_("Say what information is needed."), code="reason_required")
    return transition(
        membership=membership, to=Membership.Status.APPLICANT, actor=actor, reason=reason
    )


# --- Commitments ----------------------------------------------------------------------


def record_commitment(
    *,
    local_government: LocalGovernment,
    version: PrincipleVersion,
    agreed: Iterable[GuidingPrinciple],
    signatory_name: str,
    signatory_title: str,
    signatory_role: str,
    signed_on: date,
    actor,
    delegation_note: str = "",
    letter=None,
) -> Commitment:
    """Record a commitment to every principle of ``version``; all must be agreed.

    A city commits once to a version (a database constraint). While its application is a
    draft, posting the signatory step again corrects that commitment: a new letter
    replaces the earlier one, whose file is deleted once the change is committed. Once the
    application is submitted (or the city is a member), a second commitment to the same
    version is refused. The city's row is locked first, so two posts at once cannot both
    record one.
    """
    agreed = list(agreed)
    required = set(version.principles.values_list("pk", flat=True))
    if not required or {p.pk for p in agreed} != required:
        raise MembershipError(
            _("Agree to each of the guiding principles to commit."), code="not_every_principle"
        )
    if signatory_role == Commitment.SignatoryRole.DELEGATE and not delegation_note.strip():
        raise MembershipError(
            _("Explain the delegation when a delegate signs."), code="delegation_missing"
        )
    if signed_on > timezone.localdate():
        raise MembershipError(_("The signature date cannot be in the future."), code="future")
    with transaction.atomic():
        city = LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
        commitment = Commitment.objects.filter(local_government=city, version=version).first()
        if commitment is not None:
            status = (
                Membership.objects.filter(local_government=city)
                .values_list("status", flat=True)
                .first()
            )
            if status != Membership.Status.APPLICANT:
                raise MembershipError(
                    _("%(city)s has already committed to the guiding principles (%(version)s)."),
                    code="already_committed",
                    params={"city": city.name, "version": version.label},
                )
        else:
            commitment = Commitment(local_government=city, version=version)
        commitment.signatory_name = signatory_name
        commitment.signatory_title = signatory_title
        commitment.signatory_role = signatory_role
        commitment.delegation_note = delegation_note
        commitment.signed_on = signed_on
        commitment.submitted_by = actor
        replaced = None
        if letter:
            if commitment.letter:
                replaced = commitment.letter.name
            commitment.letter = letter
        commitment.full_clean()
        commitment.save()
        commitment.principles.set(agreed)
        if replaced:
            storage = commitment.letter.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return commitment


# --- The disputed-territory check --------------------------------------------------


def record_location_check(*, local_government: LocalGovernment):
    """Run the location check for one city and keep its matches for staff to see."""
    result = location_check(local_government)
    matches = [*result.matches, *result.overridden]
    with transaction.atomic():
        TerritoryMatch.objects.filter(local_government=local_government).delete()
        TerritoryMatch.objects.bulk_create(
            TerritoryMatch(local_government=local_government, territory=m.territory, rule=m.rule)
            for m in matches
        )
    return result


def location_changed(*, local_government: LocalGovernment, actor) -> None:
    """Re-check a city whose location changed; an open application that now fails is
    moved to "ineligible" with the reason."""
    with transaction.atomic():
        result = record_location_check(local_government=local_government)
        membership = Membership.objects.filter(local_government=local_government).first()
        if (
            result.matches
            and membership is not None
            and membership.status == Membership.Status.UNDER_REVIEW
        ):
            transition(
                membership=membership,
                to=Membership.Status.INELIGIBLE,
                actor=actor,
                reason=" ".join(m.explanation for m in result.matches),
            )


def rescreen_members_and_applicants() -> list[int]:
    """Re-check every member and open applicant against the current list.

    Returns the ids of the local governments inside a disputed territory. Their matches
    are stored (all earlier matches are dropped first), so staff see which members a
    change of the list affects; an application under review that now fails the check
    (and has no reviewed override) moves to "ineligible" with the reason.
    """
    territories = list(DisputedTerritory.objects.filter(is_active=True))
    affected: list[int] = []
    cities = LocalGovernment.objects.filter(
        membership__status__in=[
            Membership.Status.MEMBER,
            Membership.Status.SUSPENDED,
            *Membership.OPEN_APPLICATION,
        ]
    ).only("pk", "subdivision", "latitude", "longitude")
    with transaction.atomic():
        TerritoryMatch.objects.all().delete()
        batch = []
        for city in cities.iterator(chunk_size=2000):
            found = territory_matches(city, territories)
            if found:
                affected.append(city.pk)
                batch.extend(
                    TerritoryMatch(local_government=city, territory=m.territory, rule=m.rule)
                    for m in found
                )
        TerritoryMatch.objects.bulk_create(batch, batch_size=1000)
        under_review = Membership.objects.filter(
            local_government_id__in=affected, status=Membership.Status.UNDER_REVIEW
        ).select_related("local_government")
        for membership in under_review:
            result = location_check(membership.local_government, territories)
            if result.matches:
                transition(
                    membership=membership,
                    to=Membership.Status.INELIGIBLE,
                    actor=None,
                    reason=" ".join(m.explanation for m in result.matches),
                )
    return affected


def disputed_territories_changed() -> None:
    """Queue the re-screening once the change of the list is committed."""
    transaction.on_commit(lambda: enqueue_by_name("members.rescreen_disputed_territories"))


def record_eligibility_override(
    *, local_government: LocalGovernment, territory: DisputedTerritory, justification: str, actor
) -> EligibilityOverride:
    """Record a reviewed false positive. Needs the dedicated permission; kept in history."""
    if not actor.has_perm("members.override_eligibility"):
        raise MembershipError(
            _("You do not have the permission to override the eligibility check."),
            code="permission",
        )
    if not justification.strip():
        raise MembershipError(
            _("Write the justification of the override."), code="justification_required"
        )
    with transaction.atomic():
        override = EligibilityOverride.objects.create(
            local_government=local_government,
            territory=territory,
            justification=justification,
            recorded_by=actor,
        )
        membership = Membership.objects.filter(local_government=local_government).first()
        if membership is not None and membership.status == Membership.Status.INELIGIBLE:
            if location_check(local_government).eligible:
                transition(
                    membership=membership,
                    to=Membership.Status.UNDER_REVIEW,
                    actor=actor,
                    reason=str(
                        _("Reviewed false positive of the disputed-territory check: %(why)s")
                        % {"why": justification}
                    ),
                )
    return override


# --- Administration -------------------------------------------------------------------


def confirm_acting_claim(*, claim: ActingClaim, actor, note: str = "") -> Official:
    """Confirm that ``claim``'s user acts for the city: the user gets a Person (if they had
    none) and an active Official row with the claimed role. Refused unless pending.

    The caller checks that ``actor`` may decide claims.
    """
    with transaction.atomic():
        locked = ActingClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
        if locked.status != ActingClaim.Status.PENDING:
            raise MembershipError(_("This request has already been decided."), code="claim_decided")
        user = locked.user
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(
                user=user,
                full_name=user.get_full_name(),
                email=user.email,
                title=locked.position,
            )
        official, created = Official.objects.get_or_create(
            person=person, local_government_id=locked.local_government_id, role=locked.role
        )
        if not created and not official.is_active:
            official.is_active = True
            official.save(update_fields=["is_active"])
        locked.status = ActingClaim.Status.CONFIRMED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        claim.refresh_from_db()
    return official


def refuse_acting_claim(*, claim: ActingClaim, actor, reason: str) -> ActingClaim:
    """Refuse a pending claim, with the reason the person will read. Grants nothing."""
    if not reason.strip():
        raise MembershipError(_("Give the reason for the refusal."), code="reason_required")
    with transaction.atomic():
        locked = ActingClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != ActingClaim.Status.PENDING:
            raise MembershipError(_("This request has already been decided."), code="claim_decided")
        locked.status = ActingClaim.Status.REFUSED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        claim.refresh_from_db()
    return claim


# --- Member portal ---------------------------------------------------------------------
# What city officials change themselves. The portal's views check who may act (an active
# official of the city); these services check what may change, and never touch a
# membership's status, region or dates other than through the lifecycle above.


class ApplicationStep:
    """What ``Membership.application_step`` records of the portal's guided application.

    Each step is saved as it is completed, so a draft survives a refused later step.
    The principles are agreed one by one: ``PRINCIPLES + n`` means the first n agreed.
    """

    STARTED = 0
    DETAILS = 1
    CONTACTS = 2
    PRINCIPLES = 10
    COMMITMENT = 100

    @classmethod
    def principles_agreed(cls, step: int, total: int) -> int:
        if step >= cls.COMMITMENT:
            return total
        if step < cls.PRINCIPLES:
            return 0
        return min(step - cls.PRINCIPLES, total)


# Fields an official may change on their city. Everything else (status, region, dates,
# the eligibility results) is staff's or derived.
OFFICIAL_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "country",
        "subdivision",
        "latitude",
        "longitude",
        "population",
        "website",
        "languages",
        "profile",
        "publicly_listed",
    }
)
_TRANSLATED_FIELDS = ("name", "profile")


def _language_codes() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _base_field(field: str) -> str:
    """``name_fr`` → ``name``: a translation column counts as its field."""
    for base in _TRANSLATED_FIELDS:
        if field == base or field in (f"{base}_{code}" for code in _language_codes()):
            return base
    return field


def _fill_default_language(local_government: LocalGovernment) -> None:
    """A name or profile typed in another language also fills the default language's
    column when that is empty: it is the fallback every page shows."""
    from django.conf import settings

    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    for field in _TRANSLATED_FIELDS:
        if getattr(local_government, f"{field}_{default}", None):
            continue
        for code in _language_codes():
            value = getattr(local_government, f"{field}_{code}", None)
            if value:
                setattr(local_government, f"{field}_{default}", value)
                break


def person_for_user(*, user) -> Person:
    """The Person record of a user account, created from the account if missing (once,
    even when two requests ask at the same moment)."""
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"full_name": user.get_full_name(), "email": user.email}
    )
    return person


def _already_recorded(local_government: LocalGovernment, actor) -> MembershipError:
    """The refusal for a city another request recorded a moment ago."""
    same = same_city(
        name=local_government.name,
        country=local_government.country,
        subdivision=local_government.subdivision,
    )
    if (
        same is not None
        and Official.objects.filter(
            local_government=same, person__user=actor, is_active=True
        ).exists()
    ):
        return MembershipError(
            {
                "name": _(
                    "The application for %(name)s is already saved (the form was sent twice): "
                    "continue it from your cities."
                )
                % {"name": local_government.name}
            },
            code="sent_twice",
        )
    return MembershipError(
        {
            "name": _(
                "%(name)s is already known in this country and subdivision. "
                "Ask to act for it instead of starting a new application."
            )
            % {"name": local_government.name}
        },
        code="duplicate_city",
    )


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
            lambda: _queue("notify_account_link", person_id=locked.pk, previous_user_id=previous_id)
        )
    person.refresh_from_db()
    return person


def apply_for_new_city(*, local_government: LocalGovernment, role: str, actor) -> Membership:
    """Record a local government the network does not know yet and open its application.

    ``local_government`` is unsaved; its region is derived from the country. The
    applicant becomes an active official of the city with ``role``. Raises
    ValidationError for a duplicate city (same name, country and subdivision) or any
    invalid field. The caller checks that ``actor`` has a verified email address.
    """
    if local_government.pk is not None:
        raise MembershipError(_("This local government is already known."), code="known")
    with transaction.atomic():
        _fill_default_language(local_government)
        local_government.region = local_government.derive_region()
        # Its applicant sets the location until the first submission; then staff see it.
        local_government.location_confirmed = False
        local_government.full_clean()
        try:
            # A double click sends the step twice: the second insert meets the first's row.
            with transaction.atomic():
                local_government.save()
        except IntegrityError as exc:
            local_government.pk = None
            raise _already_recorded(local_government, actor) from exc
        Official.objects.create(
            person=person_for_user(user=actor),
            local_government=local_government,
            role=role,
            is_active=True,
        )
        membership = start_application(local_government=local_government, actor=actor)
        record_application_progress(
            membership=membership, step=ApplicationStep.DETAILS, actor=actor
        )
    return membership


def record_application_progress(*, membership: Membership, step: int, actor) -> None:
    """Remember that the draft reached ``step``; going back to an earlier step keeps it.

    Refused unless the application is a draft (status "applicant").
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != Membership.Status.APPLICANT:
            raise MembershipError(
                _("Only an application in draft can be changed."), code="not_draft"
            )
        if step > locked.application_step:
            locked.application_step = step
            locked.save(update_fields=["application_step"])
        membership.application_step = locked.application_step


def save_city_details(*, local_government: LocalGovernment, fields, actor) -> LocationChange | None:
    """Save the ``fields`` an official changed on their city (already set on the instance).

    Refuses any field outside ``OFFICIAL_EDITABLE_FIELDS``. What the eligibility check
    reads (``LOCATION_FIELDS``) is saved directly only while the city's first application
    is a draft never submitted (``location_confirmed`` is off), and then re-checked;
    otherwise the new location is held for staff's review (``propose_location_change``)
    and the recorded one stays in force. Returns that proposal, if one was made.
    """
    fields = {_base_field(f) for f in fields}
    refused = fields - OFFICIAL_EDITABLE_FIELDS
    if refused:
        raise MembershipError(
            _("These fields cannot be changed here: %(fields)s."),
            code="field_not_editable",
            params={"fields": ", ".join(sorted(refused))},
        )
    if not fields:
        return None
    with transaction.atomic():
        before = LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
        proposal = None
        location = fields & set(LOCATION_FIELDS)
        if location and before.location_confirmed:
            proposed = {f: getattr(local_government, f) for f in LOCATION_FIELDS}
            for f in LOCATION_FIELDS:
                setattr(local_government, f, getattr(before, f))
            proposal = propose_location_change(
                local_government=local_government, values=proposed, actor=actor
            )
            fields -= location
        update: set[str] = set()
        for field in fields:
            if field in _TRANSLATED_FIELDS:
                update.update([field, *(f"{field}_{code}" for code in _language_codes())])
            else:
                update.add(field)
        if before.country != local_government.country:
            local_government.region = local_government.derive_region()
            update.add("region")
        _fill_default_language(local_government)
        local_government.full_clean()
        if update:
            local_government.save(update_fields=sorted(update))
        if any(getattr(before, f) != getattr(local_government, f) for f in LOCATION_FIELDS):
            location_changed(local_government=local_government, actor=actor)
    return proposal


# --- Changes of location, reviewed by staff ---------------------------------------------


def _location_of(local_government: LocalGovernment) -> dict:
    return {
        "country": str(local_government.country or ""),
        "subdivision": local_government.subdivision or "",
        "latitude": None if local_government.latitude is None else str(local_government.latitude),
        "longitude": (
            None if local_government.longitude is None else str(local_government.longitude)
        ),
    }


def _check_location(values: dict) -> None:
    """The checks the city's own fields make: the subdivision belongs to the country, the
    coordinates are in range and come as a pair."""
    from .validators import validate_subdivision_in_country

    try:
        validate_subdivision_in_country(values["subdivision"], values["country"])
    except ValidationError as exc:
        raise MembershipError({"subdivision": exc.error_list}) from exc
    latitude, longitude = values["latitude"], values["longitude"]
    if (latitude is None) != (longitude is None):
        raise MembershipError(
            _("Give both latitude and longitude, or neither."), code="coordinates_pair"
        )
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise MembershipError(_("The coordinates are out of range."), code="coordinates_range")


def propose_location_change(
    *, local_government: LocalGovernment, values: dict, actor
) -> LocationChange | None:
    """Hold a new location of ``local_government`` for staff's review.

    ``values`` gives each of ``LOCATION_FIELDS``. Nothing of the city changes: its
    recorded location, and any match the disputed-territory check found, stay in force
    until staff accept. An earlier proposal still waiting is replaced. Management Unit
    staff are emailed once the proposal is committed. Returns None when ``values`` is the
    recorded location. The caller checks that ``actor`` acts for the city.
    """
    values = {
        "country": str(values.get("country") or ""),
        "subdivision": (values.get("subdivision") or "").strip().upper(),
        "latitude": values.get("latitude"),
        "longitude": values.get("longitude"),
    }
    _check_location(values)
    with transaction.atomic():
        city = LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
        recorded = _location_of(city)
        proposed = {
            **values,
            "latitude": None if values["latitude"] is None else str(values["latitude"]),
            "longitude": None if values["longitude"] is None else str(values["longitude"]),
        }
        if _same_location(recorded, proposed):
            return None
        for earlier in LocationChange.objects.pending().filter(local_government=city):
            earlier.status = LocationChange.Status.WITHDRAWN
            earlier.decided_at = timezone.now()
            earlier.save(update_fields=["status", "decided_at"])
        change = LocationChange.objects.create(
            local_government=city, previous=recorded, proposed_by=actor, **values
        )
        transaction.on_commit(lambda: _queue("notify_location_change", change_id=change.pk))
    return change


def _same_location(a: dict, b: dict) -> bool:
    def norm(location):
        out = dict(location)
        for coordinate in ("latitude", "longitude"):
            if out[coordinate] is not None:
                out[coordinate] = Decimal(out[coordinate]).quantize(Decimal("0.00001"))
        return out

    return norm(a) == norm(b)


def _may_review_location(actor) -> None:
    if actor is None or not actor.has_perm("members.review_location_change"):
        raise MembershipError(
            _("You do not have the permission to decide changes of location."),
            code="permission",
        )


def _pending_change(change: LocationChange) -> LocationChange:
    locked = (
        LocationChange.objects.select_for_update()
        .select_related("local_government")
        .get(pk=change.pk)
    )
    if locked.status != LocationChange.Status.PENDING:
        raise MembershipError(
            _("This change of location has already been decided."), code="change_decided"
        )
    return locked


def accept_location_change(*, change: LocationChange, actor, note: str = "") -> LocationChange:
    """Staff accept a proposed location: the city takes it (its region follows the
    country), the disputed-territory check runs again at once, and the proposer is told.

    Needs ``members.review_location_change``. Refused if already decided, or if the new
    location would make the city a duplicate of another.
    """
    _may_review_location(actor)
    with transaction.atomic():
        locked = _pending_change(change)
        city = LocalGovernment.objects.select_for_update().get(pk=locked.local_government_id)
        old_country = city.country
        for field in LOCATION_FIELDS:
            setattr(city, field, getattr(locked, field))
        update = set(LOCATION_FIELDS)
        if city.country != old_country:
            city.region = city.derive_region()
            update.add("region")
        try:
            city.full_clean()
        except ValidationError as exc:
            raise MembershipError(exc.messages) from exc
        city.save(update_fields=sorted(update))
        locked.status = LocationChange.Status.ACCEPTED
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        location_changed(local_government=city, actor=actor)
        transaction.on_commit(lambda: _queue("notify_location_decision", change_id=locked.pk))
    change.refresh_from_db()
    return change


def refuse_location_change(*, change: LocationChange, actor, reason: str) -> LocationChange:
    """Staff refuse a proposed location, saying why; the city keeps its recorded one and
    the proposer is told. Needs ``members.review_location_change``."""
    _may_review_location(actor)
    if not reason.strip():
        raise MembershipError(_("Give the reason for the refusal."), code="reason_required")
    with transaction.atomic():
        locked = _pending_change(change)
        locked.status = LocationChange.Status.REFUSED
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        transaction.on_commit(lambda: _queue("notify_location_decision", change_id=locked.pk))
    change.refresh_from_db()
    return change


def record_staff_location_change(*, local_government: LocalGovernment, actor) -> None:
    """After staff saved a new location in the admin: only those who decide changes of
    location may, and the check runs again at once."""
    _may_review_location(actor)
    location_changed(local_government=local_government, actor=actor)


def _queue(task_name: str, **kwargs) -> None:
    enqueue_by_name(f"members.{task_name}", **kwargs)


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


def ask_to_act_for(
    *, local_government: LocalGovernment, user, role: str, position: str, note: str = ""
) -> ActingClaim:
    """Ask to act for a city already known. Gives no access until staff confirm it."""
    with transaction.atomic():
        if Official.objects.filter(
            local_government=local_government, person__user=user, is_active=True
        ).exists():
            raise MembershipError(
                _("You already act for %(city)s."),
                code="already_official",
                params={"city": local_government.name},
            )
        if ActingClaim.objects.filter(
            local_government=local_government, user=user, status=ActingClaim.Status.PENDING
        ).exists():
            raise MembershipError(
                _("You have already asked to act for %(city)s; the Management Unit will answer."),
                code="claim_pending",
                params={"city": local_government.name},
            )
        try:
            with transaction.atomic():
                return ActingClaim.objects.create(
                    local_government=local_government,
                    user=user,
                    role=role,
                    position=position,
                    note=note,
                )
        except IntegrityError as exc:  # the same request sent twice at once
            raise MembershipError(
                _("You have already asked to act for %(city)s; the Management Unit will answer."),
                code="claim_pending",
                params={"city": local_government.name},
            ) from exc


# A city's invitations are counted over the last 24 hours ("today" in the refusals).
INVITATION_WINDOW = timedelta(hours=24)


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


def set_city_priorities(*, local_government: LocalGovernment, priorities, actor) -> None:
    """The strategic priorities a city opts into (self-selection); replaces the earlier set."""
    with transaction.atomic():
        local_government.priorities.set(priorities)
