"""The pool of experts: their profiles and engagements.

A refusal raises ``GovernanceError`` (keyed by field where one field is wrong, so a form
shows it there) and changes nothing. The services check who may act: an expert keeps
their own profile in the portal (``governance.edit_expert_profile``) and only Management
Unit staff record engagements (``governance.record_engagement``). Staff keep experts in
the admin, whose permissions say who may.
"""

from collections.abc import Iterable
from datetime import date
from typing import TypedDict, Unpack

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person, Region, StrategicPriority
from members.validators import validate_language_codes
from scn_portal.audit.events import audit_event

from ..errors import GovernanceError
from ..models import Expert, ExpertEngagement


class ExpertProfile(TypedDict):
    """What an expert's profile says. Languages are ISO 639-1 codes."""

    profile: str
    expertise: str
    priorities: Iterable[StrategicPriority]
    regions: Iterable[Region]
    languages: list[str]
    availability: str
    available_from: date | None
    available_until: date | None


PROFILE_FIELDS = tuple(ExpertProfile.__annotations__)


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


def _keep_profile(expert: Expert, profile: ExpertProfile, *, fields: tuple = ()) -> Expert:
    """Check and save ``profile`` on ``expert`` (and the other ``fields`` set on it).

    Languages are kept lower-case, once each, in the order given.
    """
    if profile["profile"] not in Expert.Profile.values:
        raise GovernanceError({"profile": GovernanceError(_("Choose a profile."), code="profile")})
    languages = list(dict.fromkeys(code.strip().lower() for code in profile["languages"]))
    try:
        validate_language_codes(languages)
    except ValidationError as exc:
        raise GovernanceError({"languages": exc.error_list}) from exc
    check_availability(profile["available_from"], profile["available_until"])
    expert.profile = profile["profile"]
    expert.expertise = profile["expertise"].strip()
    expert.languages = languages
    expert.availability = profile["availability"].strip()
    expert.available_from = profile["available_from"]
    expert.available_until = profile["available_until"]
    if expert.pk:
        scalars = [name for name in PROFILE_FIELDS if name not in ("priorities", "regions")]
        expert.save(update_fields=[*scalars, *fields])
    else:
        expert.save()
    expert.priorities.set(profile["priorities"])
    expert.regions.set(profile["regions"])
    return expert


@audit_event("expert_profile_updated")
@transaction.atomic
def update_expert_profile(*, expert: Expert, actor, **profile: Unpack[ExpertProfile]) -> Expert:
    """The expert changes their own profile; nobody else does it through the portal."""
    expert = Expert.objects.select_for_update().select_related("person").get(pk=expert.pk)
    if not rules.has_perm("governance.edit_expert_profile", actor, expert):
        raise GovernanceError(
            _("Only the expert keeps their profile in the portal."), code="not_own_profile"
        )
    return _keep_profile(expert, profile)


@audit_event("expert_added")
@transaction.atomic
def add_expert(
    *, person: Person, is_active: bool = True, actor, **profile: Unpack[ExpertProfile]
) -> Expert:
    """Management Unit staff add ``person`` to the pool of experts (in the admin, which
    checks who may)."""
    return _keep_profile(Expert(person=person, is_active=is_active), profile)


@audit_event("expert_changed")
@transaction.atomic
def change_expert(
    *, expert: Expert, person: Person, is_active: bool, actor, **profile: Unpack[ExpertProfile]
) -> Expert:
    """Management Unit staff change an expert's profile, or take them out of the pool (in
    the admin, which checks who may)."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    expert.person = person
    expert.is_active = is_active
    return _keep_profile(expert, profile, fields=("person", "is_active"))


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


class Engagement(TypedDict):
    """What an engagement of an expert records."""

    kind: str
    engaged_for: str
    local_government: LocalGovernment | None
    starts_on: date
    ends_on: date | None
    outcome: str


def _check_engagement(actor, engagement: Engagement) -> None:
    if not rules.has_perm("governance.record_engagement", actor):
        raise GovernanceError(_("Only the Management Unit records engagements."), code="not_staff")
    check_engagement(
        engaged_for=engagement["engaged_for"],
        local_government=engagement["local_government"],
        starts_on=engagement["starts_on"],
        ends_on=engagement["ends_on"],
    )


@audit_event("expert_engaged")
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
    """Management Unit staff record an engagement of an expert."""
    engagement = Engagement(
        kind=kind,
        engaged_for=engaged_for,
        local_government=local_government,
        starts_on=starts_on,
        ends_on=ends_on,
        outcome=outcome,
    )
    _check_engagement(actor, engagement)
    return ExpertEngagement.objects.create(expert=expert, **engagement)


@audit_event("engagement_changed")
@transaction.atomic
def change_engagement(
    *, engagement: ExpertEngagement, actor, **changes: Unpack[Engagement]
) -> ExpertEngagement:
    """Management Unit staff correct an engagement, or record its end and outcome."""
    _check_engagement(actor, changes)
    engagement = ExpertEngagement.objects.select_for_update().get(pk=engagement.pk)
    for name, value in changes.items():
        setattr(engagement, name, value)
    engagement.save(update_fields=list(changes))
    return engagement
