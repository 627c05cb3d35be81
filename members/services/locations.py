"""Changes of a city's location: proposed by an official, decided by staff."""

from decimal import Decimal

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..errors import MembershipError
from ..models import LOCATION_FIELDS, LocalGovernment, LocationChange
from .decisions import lock_pending, record_decision, require_reason
from .screening import location_changed


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
    from ..validators import validate_subdivision_in_country

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


@audit_event("location_change_proposed")
def propose_location_change(
    *, local_government: LocalGovernment, values: dict, actor
) -> LocationChange | None:
    """Hold a new location of ``local_government`` for staff's review.

    ``values`` gives each of ``LOCATION_FIELDS``. Nothing of the city changes: its
    recorded location, and any match the disputed-territory check found, stay in force
    until staff accept. An earlier proposal still waiting is replaced. Management Unit
    staff are emailed once the proposal is committed. Returns None when ``values`` is the
    recorded location. Needs ``members.propose_location`` (``actor`` acts for the city).
    """
    if not rules.has_perm("members.propose_location", actor, local_government):
        raise MembershipError(
            _("You do not act for %(city)s."),
            code="permission",
            params={"city": local_government.name},
        )
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
        transaction.on_commit(
            lambda: enqueue_by_name("members.notify_location_change", change_id=change.pk)
        )
    return change


def _same_location(a: dict, b: dict) -> bool:
    def norm(location):
        out = dict(location)
        for coordinate in ("latitude", "longitude"):
            if out[coordinate] is not None:
                out[coordinate] = Decimal(out[coordinate]).quantize(Decimal("0.00001"))
        return out

    return norm(a) == norm(b)


def check_may_decide_location(actor) -> None:
    """Refuse anyone without ``members.decide_location_change``."""
    if not rules.has_perm("members.decide_location_change", actor):
        raise MembershipError(
            _("You do not have the permission to decide changes of location."),
            code="permission",
        )


def _pending_change(change: LocationChange) -> LocationChange:
    decided = MembershipError(
        _("This change of location has already been decided."), code="change_decided"
    )
    return lock_pending(LocationChange, change.pk, decided=decided, related=["local_government"])


@audit_event("location_change_accepted")
def accept_location_change(*, change: LocationChange, actor, note: str = "") -> LocationChange:
    """Staff accept a proposed location: the city takes it (its region follows the
    country), the disputed-territory check runs again at once, and the proposer is told.

    Needs ``members.decide_location_change``. Refused if already decided, or if the new
    location would make the city a duplicate of another.
    """
    check_may_decide_location(actor)
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
        record_decision(locked, status=LocationChange.Status.ACCEPTED, actor=actor, note=note)
        location_changed(local_government=city, actor=actor)
        transaction.on_commit(
            lambda: enqueue_by_name("members.notify_location_decision", change_id=locked.pk)
        )
    change.refresh_from_db()
    return change


@audit_event("location_change_refused")
def refuse_location_change(*, change: LocationChange, actor, reason: str) -> LocationChange:
    """Staff refuse a proposed location, saying why; the city keeps its recorded one and
    the proposer is told. Needs ``members.decide_location_change``."""
    check_may_decide_location(actor)
    require_reason(reason, _("Give the reason for the refusal."))
    with transaction.atomic():
        locked = _pending_change(change)
        record_decision(locked, status=LocationChange.Status.REFUSED, actor=actor, note=reason)
        transaction.on_commit(
            lambda: enqueue_by_name("members.notify_location_decision", change_id=locked.pk)
        )
    change.refresh_from_db()
    return change
