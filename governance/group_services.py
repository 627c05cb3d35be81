"""Working groups and the pool of experts: every change of state.

A refusal raises ``GovernanceError`` (a ValidationError with a translated message) and
changes nothing. The services check their own rules, including who may act, so a view,
a form or an admin action that forgets a check cannot get past them.

Who may do what (kept here, next to the services that ask, rather than as global perms:
``user.has_perm`` grants everything to a superuser, and these are portal rules):
- a city official asks to join a working group for a city they act for today;
- a convenor of the group (their ``Person`` is in ``WorkingGroup.convenors``) or
  Management Unit staff accept or decline a request;
- an expert changes their own profile, nobody else's; staff edit experts in the admin.
"""

from collections.abc import Iterable
from datetime import date

import rules
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Official, Person, Region, StrategicPriority
from members.validators import validate_language_codes
from scn_portal.accounts.rules import is_mu_staff

from .models import Expert, ExpertEngagement, WorkingGroup, WorkingGroupMembership
from .services import GovernanceError

# --- Who may act ------------------------------------------------------------------------


def person_of(user) -> Person | None:
    """The ``Person`` linked to a signed-in user, or None."""
    if not user or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


@rules.predicate
def is_convenor(user, group: WorkingGroup) -> bool:
    """Convenes ``group``: their person is one of its convenors."""
    if group is None or not user or not user.is_authenticated or not user.is_active:
        return False
    return group.convenors.filter(user=user).exists()


may_decide_join_requests = is_convenor | is_mu_staff


def cities_user_acts_for(user):
    """The local governments ``user`` acts for today (active Official rows)."""
    if not user or not user.is_authenticated:
        return LocalGovernment.objects.none()
    return (
        LocalGovernment.objects.filter(officials__person__user=user, officials__is_active=True)
        .distinct()
        .order_by("name")
    )


# --- Working groups -------------------------------------------------------------------

ACCEPTED = WorkingGroupMembership.Status.ACCEPTED
OPEN_MEMBERSHIP = (WorkingGroupMembership.Status.REQUESTED, ACCEPTED)


@transaction.atomic
def ask_to_join_working_group(
    *, group: WorkingGroup, local_government: LocalGovernment, actor
) -> WorkingGroupMembership:
    """The signed-in official ``actor`` asks to join ``group`` for ``local_government``.

    Refused when the group is closed, when ``actor`` does not act for the city today, or
    when they are already in the group or already waiting for an answer. Someone declined
    earlier (or who left) may ask again: their row is reopened, since a person is in a
    group at most once.
    """
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if group.status == WorkingGroup.Status.CLOSED:
        raise GovernanceError(
            _("This working group is closed: it takes no new members."), code="closed"
        )
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise GovernanceError(_("Sign in to ask to join a working group."), code="anonymous")
    official = (
        Official.objects.filter(
            person__user=actor, local_government=local_government, is_active=True
        )
        .select_related("person")
        .first()
    )
    if official is None:
        raise GovernanceError(
            _("You do not act for %(city)s: ask to join for a city you act for."),
            code="not_official",
            params={"city": local_government.name},
        )
    person = official.person
    existing = (
        WorkingGroupMembership.objects.select_for_update()
        .filter(group=group, person=person)
        .first()
    )
    if existing is not None and existing.status == WorkingGroupMembership.Status.ACCEPTED:
        raise GovernanceError(
            _("You are already a member of this working group."), code="already_member"
        )
    if existing is not None and existing.status == WorkingGroupMembership.Status.REQUESTED:
        raise GovernanceError(
            _("You have already asked to join this working group: the convenors will answer."),
            code="already_requested",
        )
    if existing is not None:
        existing.status = WorkingGroupMembership.Status.REQUESTED
        existing.local_government = local_government
        existing.requested_at = timezone.now()
        existing.decided_at = None
        existing.decided_by = None
        existing.save(
            update_fields=["status", "local_government", "requested_at", "decided_at", "decided_by"]
        )
        return existing
    try:
        with transaction.atomic():
            return WorkingGroupMembership.objects.create(
                group=group,
                person=person,
                local_government=local_government,
                status=WorkingGroupMembership.Status.REQUESTED,
            )
    except IntegrityError as exc:  # a second click in the same instant
        raise GovernanceError(
            _("You have already asked to join this working group: the convenors will answer."),
            code="already_requested",
        ) from exc


def _decide(*, membership: WorkingGroupMembership, status: str, actor) -> WorkingGroupMembership:
    membership = (
        WorkingGroupMembership.objects.select_for_update()
        .select_related("group", "person")
        .get(pk=membership.pk)
    )
    if not may_decide_join_requests(actor, membership.group):
        raise GovernanceError(
            _("Only the group's convenors or the Management Unit answer requests to join."),
            code="not_convenor",
        )
    if membership.status != WorkingGroupMembership.Status.REQUESTED:
        raise GovernanceError(
            _("%(person)s has no request waiting for an answer (%(status)s)."),
            code="not_pending",
            params={"person": membership.person, "status": membership.get_status_display()},
        )
    if (
        status == WorkingGroupMembership.Status.ACCEPTED
        and membership.group.status == WorkingGroup.Status.CLOSED
    ):
        raise GovernanceError(
            _("This working group is closed: it takes no new members."), code="closed"
        )
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    return membership


@transaction.atomic
def accept_join_request(*, membership: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    """A convenor of the group, or Management Unit staff, accepts a pending request.

    Records who decided and when. Refused for anyone else, for a request that is not
    pending, and for a closed group.
    """
    return _decide(membership=membership, status=ACCEPTED, actor=actor)


@transaction.atomic
def decline_join_request(*, membership: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    """A convenor of the group, or Management Unit staff, declines a pending request."""
    return _decide(
        membership=membership, status=WorkingGroupMembership.Status.DECLINED, actor=actor
    )


# --- The pool of experts -------------------------------------------------------------------


def check_availability(available_from: date | None, available_until: date | None) -> None:
    """The last day of availability may not come before the first.

    The same day is accepted: one free day is an availability staff can use.
    """
    if available_from and available_until and available_until < available_from:
        raise GovernanceError(
            {
                "available_until": GovernanceError(
                    _("“Available until” must be on or after “available from”."),
                    code="availability_dates",
                )
            }
        )


@transaction.atomic
def update_expert_profile(
    *,
    expert: Expert,
    actor,
    profile: str,
    expertise: str,
    priorities: Iterable[StrategicPriority],
    regions: Iterable[Region],
    languages: list[str],
    availability: str,
    available_from: date | None,
    available_until: date | None,
) -> Expert:
    """The expert changes their own profile; nobody else does it through the portal.

    Staff keep experts in the admin. Languages are ISO 639-1 codes, kept lower-case,
    once each, in the order given.
    """
    expert = Expert.objects.select_for_update().select_related("person").get(pk=expert.pk)
    if actor is None or not actor.is_authenticated or expert.person.user_id != actor.pk:
        raise GovernanceError(
            _("Only the expert keeps their profile in the portal."), code="not_own_profile"
        )
    if profile not in Expert.Profile.values:
        raise GovernanceError({"profile": GovernanceError(_("Choose a profile."), code="profile")})
    languages = list(dict.fromkeys(code.strip().lower() for code in languages))
    try:
        validate_language_codes(languages)
    except ValidationError as exc:
        raise GovernanceError({"languages": exc.error_list}) from exc
    check_availability(available_from, available_until)
    expert.profile = profile
    expert.expertise = expertise.strip()
    expert.languages = languages
    expert.availability = availability.strip()
    expert.available_from = available_from
    expert.available_until = available_until
    expert.save(
        update_fields=[
            "profile",
            "expertise",
            "languages",
            "availability",
            "available_from",
            "available_until",
        ]
    )
    expert.priorities.set(priorities)
    expert.regions.set(regions)
    return expert


def check_engagement(
    *,
    engaged_for: str,
    local_government: LocalGovernment | None,
    starts_on: date | None,
    ends_on: date | None,
) -> None:
    """An engagement for a city names the city; one for anyone else names none.

    An engagement may end on the day it starts (one session of advice), never before.
    Errors are keyed by field, so a form shows each beside its field.
    """
    errors = {}
    if engaged_for == ExpertEngagement.For.CITY and local_government is None:
        errors["local_government"] = GovernanceError(
            _("Name the city the expert works for."), code="city_required"
        )
    if engaged_for != ExpertEngagement.For.CITY and local_government is not None:
        errors["local_government"] = GovernanceError(
            _("Name a city only for an engagement for a city."), code="city_forbidden"
        )
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = GovernanceError(
            _("An engagement cannot end before it starts."), code="engagement_dates"
        )
    if errors:
        raise GovernanceError(errors)


@transaction.atomic
def record_engagement(
    *,
    expert: Expert,
    kind: str,
    engaged_for: str,
    starts_on: date,
    actor,
    local_government: LocalGovernment | None = None,
    ends_on: date | None = None,
    outcome: str = "",
) -> ExpertEngagement:
    """Management Unit staff record an engagement of an expert (the admin inline does the same
    checks through ``check_engagement``)."""
    if not is_mu_staff(actor):
        raise GovernanceError(_("Only the Management Unit records engagements."), code="not_staff")
    check_engagement(
        engaged_for=engaged_for,
        local_government=local_government,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return ExpertEngagement.objects.create(
        expert=expert,
        kind=kind,
        engaged_for=engaged_for,
        local_government=local_government,
        starts_on=starts_on,
        ends_on=ends_on,
        outcome=outcome,
    )
