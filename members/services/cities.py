"""A city's record: what its officials change (details, profile, priorities) and what
staff record in the admin.

The portal's views check who may act (an active official of the city); these services
check what may change, and never touch a membership's status, region or dates other
than through the lifecycle.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE

from scn_portal.audit.events import audit_event

from ..audit import saving
from ..errors import MembershipError
from ..models import LOCATION_FIELDS, OFFICIAL_EDITABLE_FIELDS, LocalGovernment, LocationChange
from .locations import check_may_decide_location, propose_location_change
from .screening import location_changed

_TRANSLATED_FIELDS = ("name", "profile")


def _base_field(field: str) -> str:
    """``name_fr`` → ``name``: a translation column counts as its field."""
    for base in _TRANSLATED_FIELDS:
        if field == base or field in (f"{base}_{code}" for code in AVAILABLE_LANGUAGES):
            return base
    return field


def fill_default_language(local_government: LocalGovernment) -> None:
    """A name or profile typed in another language also fills the default language's
    column when that is empty: it is the fallback every page shows."""
    default = DEFAULT_LANGUAGE
    for field in _TRANSLATED_FIELDS:
        if getattr(local_government, f"{field}_{default}", None):
            continue
        for code in AVAILABLE_LANGUAGES:
            value = getattr(local_government, f"{field}_{code}", None)
            if value:
                setattr(local_government, f"{field}_{default}", value)
                break


@audit_event("city_details_changed")
def save_city_details(*, local_government: LocalGovernment, fields, actor) -> LocationChange | None:
    """Save the ``fields`` an official changed on their city (already set on the instance).

    Refuses any field outside ``OFFICIAL_EDITABLE_FIELDS``. What the eligibility check
    reads (``LOCATION_FIELDS``) is saved directly only while the city's first application
    is a draft never submitted (``location_confirmed`` is off), and then re-checked;
    otherwise the new location is held for staff's review (``propose_location_change``)
    and the recorded one stays in force. Returns that proposal, if one was made.
    """
    fields = {_base_field(f) for f in fields}
    refused = fields - set(OFFICIAL_EDITABLE_FIELDS)
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
                update.update([field, *(f"{field}_{code}" for code in AVAILABLE_LANGUAGES)])
            else:
                update.add(field)
        if before.country != local_government.country:
            local_government.region = local_government.derive_region()
            update.add("region")
        fill_default_language(local_government)
        local_government.full_clean()
        if update:
            local_government.save(update_fields=sorted(update))
        if any(getattr(before, f) != getattr(local_government, f) for f in LOCATION_FIELDS):
            location_changed(local_government=local_government, actor=actor)
    return proposal


@audit_event("city_priorities_chosen")
def set_city_priorities(*, local_government: LocalGovernment, priorities, actor) -> None:
    """The strategic priorities a city opts into (self-selection); replaces the earlier set."""
    with transaction.atomic():
        local_government.priorities.set(priorities)


def save_city_record(*, local_government: LocalGovernment, changed: Iterable[str], actor):
    """Save a city staff recorded, or changed, in the admin (``changed``: the fields they
    changed, already set on the instance).

    The region follows the country unless staff chose one themselves. What the
    eligibility check reads is set only by staff who decide changes of location
    (``members.decide_location_change``); a new city, or a new location, is screened at once.
    """
    changed = set(changed)
    adding = local_government._state.adding
    relocated = adding or bool(changed & set(LOCATION_FIELDS))
    if relocated:
        check_may_decide_location(actor)
    with saving(local_government, added="city_recorded", changed="city_record_changed"):
        with transaction.atomic():
            if local_government.region_id is None or (
                "country" in changed and "region" not in changed
            ):
                derived = local_government.derive_region()
                if derived is not None:
                    local_government.region = derived
            local_government.save()
            if relocated:
                location_changed(local_government=local_government, actor=actor)
    return local_government
