"""Activities: creating and changing them, their documents, registration, the wait-list and
invitations.

The seat limit is kept here, in the transaction: every change that takes or frees a seat
locks the activity row first (``select_for_update``), counts the seats held (registered,
and offered but not yet answered) and decides. Services do not check who may call them:
the admin (staff of the activity's hub, or the Management Unit) and the portal's views do.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..models import Activity, ActivityDocument, ActivityInvitation, Registration

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class ActivityError(ValidationError):
    """An activity's rule refused the change; the message says which (shown on the form)."""


def _check_activity(activity: Activity, *, seats_held: int = 0) -> None:
    errors = {}
    if activity.starts_at and activity.ends_at and activity.ends_at <= activity.starts_at:
        errors["ends_at"] = _("The activity must end after it starts.")
    if activity.organiser == Activity.Organiser.HUB and activity.hub_id is None:
        errors["hub"] = _("Choose the hub that organises the activity.")
    if activity.organiser == Activity.Organiser.PARTNER and not activity.partner_name.strip():
        errors["partner_name"] = _("Name the partner that organises the activity.")
    if (
        activity.registration_closes_at
        and activity.ends_at
        and activity.registration_closes_at > activity.ends_at
    ):
        errors["registration_closes_at"] = _("Registration must close before the activity ends.")
    if activity.capacity is not None and activity.capacity < seats_held:
        errors["capacity"] = _(
            "%(held)s people already hold a seat: the activity cannot have fewer seats."
        ) % {"held": seats_held}
    if errors:
        raise ActivityError(errors)


@audit_event("activity_created")
@transaction.atomic
def create_activity(*, actor, priorities=(), **fields) -> Activity:
    """Create an activity from its field values (times aware, in UTC or any zone)."""
    activity = Activity(**fields, created_by=actor)
    _check_activity(activity)
    activity.save()
    activity.priorities.set(priorities)
    return activity


@audit_event("activity_changed")
@transaction.atomic
def change_activity(*, activity: Activity, actor, priorities=None, **fields) -> Activity:
    """Change an activity. Raising the number of seats offers the freed seats to the
    wait-list (``offer_free_seats``); lowering it below the seats held is refused."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for name, value in fields.items():
        setattr(activity, name, value)
    _check_activity(activity, seats_held=activity.registrations.holding_seats().count())
    if fields:
        activity.save(update_fields=list(fields))
    if priorities is not None:
        activity.priorities.set(priorities)
    offer_free_seats(activity=activity)
    return activity


def check_document_file(file) -> None:
    """A document must be a plain PDF (checked by its content) of 20 MB at most."""
    from scn_portal.uploads import check_upload

    try:
        check_upload(file, kind="pdf", max_bytes=MAX_DOCUMENT_BYTES)
    except ValidationError as exc:
        raise ActivityError({"file": exc.messages[0]}, code=exc.error_list[0].code) from exc


@audit_event("activity_document_added")
@transaction.atomic
def add_document(
    *, activity: Activity, title: str, file, kind: str, is_public: bool, actor
) -> ActivityDocument:
    check_document_file(file)
    return ActivityDocument.objects.create(
        activity=activity, title=title, file=file, kind=kind, is_public=is_public
    )


@audit_event("activity_document_changed")
@transaction.atomic
def change_document(
    *, document: ActivityDocument, title: str, kind: str, is_public: bool, file=None, actor
) -> ActivityDocument:
    document = ActivityDocument.objects.select_for_update().get(pk=document.pk)
    document.title, document.kind, document.is_public = title, kind, is_public
    fields = ["title", "kind", "is_public"]
    if file is not None:
        check_document_file(file)
        document.file = file
        fields.append("file")
    document.save(update_fields=fields)
    return document


# --- Registration and the wait-list ----------------------------------------------------


def offer_hours() -> int:
    return int(getattr(settings, "ACTIVITY_OFFER_HOURS", 48))


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _seats_free(activity: Activity) -> int | None:
    """Seats nobody holds, or None when seats are unlimited (``activity`` is locked)."""
    if activity.capacity is None:
        return None
    return max(activity.capacity - activity.registrations.holding_seats().count(), 0)


def _sync_full(activity: Activity) -> None:
    """An activity open for registration shows "full" when no seat is free, and opens again
    when one is (staff's other statuses stay as they are)."""
    free = _seats_free(activity)
    if activity.status == Activity.Status.OPEN and free == 0:
        activity.status = Activity.Status.FULL
    elif activity.status == Activity.Status.FULL and free != 0:
        activity.status = Activity.Status.OPEN
    else:
        return
    activity.save(update_fields=["status"])


def registration_refusal(activity: Activity, *, now: datetime | None = None):
    """Why nobody may register now, or None (the wait-list counts as open)."""
    now = now or timezone.now()
    if activity.status not in (Activity.Status.OPEN, Activity.Status.FULL):
        return _("Registration for this activity is not open.")
    if activity.registration_closes_at and now > activity.registration_closes_at:
        return _("Registration for this activity closed on %(date)s.") % {
            "date": timezone.localtime(activity.registration_closes_at).strftime("%Y-%m-%d %H:%M")
        }
    if now >= activity.ends_at:
        return _("This activity has ended.")
    return None


@audit_event("activity_registered")
@transaction.atomic
def register_for_activity(
    *,
    activity: Activity,
    user,
    local_government=None,
    dietary_needs: str = "",
    access_needs: str = "",
    interpretation_language: str = "",
    actor,
) -> Registration:
    """A seat if one is free, else a place on the wait-list (the status says which).

    Refused when registration is not open, after its deadline, or when ``user`` already
    holds a registration. The activity row is locked while the seats are counted, so two
    people taking the last seat at once get one seat and one wait-list place. The
    confirmation email (with its calendar file) is queued once the change is committed.
    """
    activity = _locked(activity)
    refusal = registration_refusal(activity)
    if refusal:
        raise ActivityError(refusal, code="registration_closed")
    if activity.registrations.exclude(status=Registration.Status.CANCELLED).filter(user=user):
        raise ActivityError(_("You are already registered for this activity."), code="twice")
    free = _seats_free(activity)
    registration = Registration.objects.create(
        activity=activity,
        user=user,
        local_government=local_government,
        status=Registration.Status.WAITING if free == 0 else Registration.Status.REGISTERED,
        dietary_needs=dietary_needs.strip(),
        access_needs=access_needs.strip(),
        interpretation_language=interpretation_language,
    )
    _sync_full(activity)
    transaction.on_commit(
        lambda: enqueue_by_name(
            "hubs.send_registration_email",
            registration_id=registration.pk,
            status=registration.status,
        )
    )
    return registration


@audit_event("activity_registration_cancelled")
@transaction.atomic
def cancel_registration(*, registration: Registration, actor) -> Registration:
    """The registrant (or staff) gives up a seat, a wait-list place or an offer; a freed
    seat is offered to the first person waiting."""
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    offer_free_seats(activity=activity)
    _sync_full(activity)
    return registration


@audit_event("activity_seat_offered")
@transaction.atomic
def offer_free_seats(*, activity: Activity, now: datetime | None = None) -> list[Registration]:
    """Offer each free seat to the next person waiting, by email with a time limit
    (``ACTIVITY_OFFER_HOURS``). Nothing is offered once the activity has started or was
    cancelled. Safe to call again: a seat held by an offer is not free."""
    now = now or timezone.now()
    activity = _locked(activity)
    if activity.status not in (Activity.Status.OPEN, Activity.Status.FULL):
        return []
    if activity.starts_at <= now:
        return []
    free = _seats_free(activity)
    waiting = activity.registrations.waiting()
    chosen = list(waiting if free is None else waiting[:free])
    expires = now + timedelta(hours=offer_hours())
    # An offer never outlives the activity's start.
    expires = min(expires, activity.starts_at)
    for registration in chosen:
        registration.status = Registration.Status.OFFERED
        registration.offer_expires_at = expires
        registration.offers_made += 1
        registration.save(update_fields=["status", "offer_expires_at", "offers_made"])
        transaction.on_commit(
            lambda pk=registration.pk, n=registration.offers_made: enqueue_by_name(
                "hubs.send_offer_email", registration_id=pk, offer=n
            )
        )
    _sync_full(activity)
    return chosen


def _answerable_offer(registration: Registration, *, offer: int, now: datetime) -> None:
    if registration.status != Registration.Status.OFFERED or registration.offers_made != offer:
        raise ActivityError(_("This offer has already been answered."), code="offer_answered")
    if registration.offer_expires_at <= now:
        raise ActivityError(
            _("This offer expired: the seat has gone to the next person waiting."),
            code="offer_expired",
        )


@audit_event("activity_offer_accepted")
@transaction.atomic
def accept_offer(*, registration: Registration, offer: int, actor) -> Registration:
    """The person offered a seat takes it: a registration. Refused when the offer was
    already answered, has expired, or the seat it held is no longer there (staff lowered
    the capacity); the capacity is counted again in the transaction."""
    now = timezone.now()
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _answerable_offer(registration, offer=offer, now=now)
    if activity.capacity is not None:
        others = activity.registrations.holding_seats().exclude(pk=registration.pk).count()
        if others >= activity.capacity:
            raise ActivityError(_("There is no seat left for this offer."), code="no_seat")
    registration.status = Registration.Status.REGISTERED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at"])
    _sync_full(activity)
    transaction.on_commit(
        lambda: enqueue_by_name(
            "hubs.send_registration_email",
            registration_id=registration.pk,
            status=Registration.Status.REGISTERED,
        )
    )
    return registration


@audit_event("activity_offer_declined")
@transaction.atomic
def decline_offer(*, registration: Registration, offer: int, actor) -> Registration:
    """The person offered a seat does not want it: their registration ends and the seat
    goes to the next person waiting."""
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _answerable_offer(registration, offer=offer, now=timezone.now())
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
    offer_free_seats(activity=activity)
    return registration


@audit_event("activity_offer_expired")
@transaction.atomic
def expire_offers(*, now: datetime | None = None) -> int:
    """End every offer past its time limit and offer the seats to the next people waiting.

    Run by the beat (``hubs.expire_activity_offers``); a second run finds nothing more.
    """
    now = now or timezone.now()
    expired = Registration.objects.filter(
        status=Registration.Status.OFFERED, offer_expires_at__lte=now
    )
    activity_ids = set(expired.values_list("activity_id", flat=True))
    count = 0
    for activity in Activity.objects.filter(pk__in=activity_ids).order_by("pk"):
        activity = _locked(activity)
        rows = list(
            activity.registrations.select_for_update().filter(
                status=Registration.Status.OFFERED, offer_expires_at__lte=now
            )
        )
        for registration in rows:
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
        count += len(rows)
        offer_free_seats(activity=activity, now=now)
    return count


@audit_event("activity_seated_beyond_capacity")
@transaction.atomic
def seat_beyond_capacity(*, registration: Registration, reason: str, actor) -> Registration:
    """Staff seat a person waiting (or offered) although no seat is free, deliberately:
    who did it and why is recorded on the registration and in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ActivityError(
            _("Say why this person is seated beyond the capacity."), code="no_reason"
        )
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (Registration.Status.WAITING, Registration.Status.OFFERED):
        raise ActivityError(
            _("Only a person waiting for a seat can be seated."), code="not_waiting"
        )
    registration.status = Registration.Status.REGISTERED
    registration.offer_expires_at = None
    registration.over_capacity = True
    registration.over_capacity_by = actor
    registration.over_capacity_reason = reason
    registration.save(
        update_fields=[
            "status",
            "offer_expires_at",
            "over_capacity",
            "over_capacity_by",
            "over_capacity_reason",
        ]
    )
    _sync_full(activity)
    transaction.on_commit(
        lambda: enqueue_by_name(
            "hubs.send_registration_email",
            registration_id=registration.pk,
            status=Registration.Status.REGISTERED,
        )
    )
    return registration


@audit_event("activity_attendance_recorded")
@transaction.atomic
def record_attendance(*, registrations, attended: bool, actor) -> int:
    """Record, after the activity, whether each registered person came (in bulk). An
    activity that has not begun yet has no attendance: the whole batch is refused and
    nothing is recorded."""
    rows = list(
        Registration.objects.select_for_update()
        .filter(pk__in=[r.pk for r in registrations], status=Registration.Status.REGISTERED)
        .select_related("activity")
    )
    now = timezone.now()
    early = sorted({r.activity.title for r in rows if r.activity.starts_at > now})
    if early:
        raise ActivityError(
            _("Attendance is recorded once the activity has begun; not yet: %(titles)s.")
            % {"titles": ", ".join(early[:5])},
            code="attendance_too_early",
        )
    for registration in rows:
        registration.attended = attended
        registration.save(update_fields=["attended"])
    return len(rows)


# --- Invitations -----------------------------------------------------------------------


def cities_to_invite(activity: Activity):
    """The cities an activity is for: every city that may hold member benefits today for a
    Global Summit (unlisted members included); else the cities of its region, or of its
    hub; none otherwise (staff then invite cities one by one)."""
    from members.eligibility import eligible_cities
    from members.models import LocalGovernment

    from ..selectors.coverage import cities_of_hub

    if activity.kind == Activity.Kind.GLOBAL_SUMMIT:
        return eligible_cities()
    if activity.region_id is not None:
        return LocalGovernment.objects.filter(region_id=activity.region_id)
    if activity.hub_id is not None:
        return cities_of_hub(activity.hub)
    return LocalGovernment.objects.none()


@audit_event("activity_cities_invited")
@transaction.atomic
def invite_cities(*, activity: Activity, cities, actor) -> int:
    """Invite ``cities`` (a queryset or a list) to ``activity``; return how many are new.

    A Global Summit invites only cities that may hold member benefits today: any other
    city is refused, and nothing is invited. A city already invited is not invited twice
    (a unique constraint). The emails go out in batches once the change is committed
    (``hubs.send_activity_invitations``), each official once.
    """
    from members.eligibility import eligible_cities
    from members.models import LocalGovernment

    city_ids = (
        {city.pk for city in cities}
        if isinstance(cities, list | tuple | set)
        else set(cities.values_list("pk", flat=True))
    )
    if activity.kind == Activity.Kind.GLOBAL_SUMMIT and city_ids:
        eligible = set(
            eligible_cities(LocalGovernment.objects.filter(pk__in=city_ids)).values_list(
                "pk", flat=True
            )
        )
        refused = LocalGovernment.objects.filter(pk__in=city_ids - eligible).order_by("name")
        if refused:
            names = ", ".join(str(city.name) for city in refused[:5])
            raise ActivityError(
                _(
                    "A Global Summit invites only cities that may hold member benefits "
                    "today; not: %(cities)s."
                )
                % {"cities": names},
                code="summit_ineligible",
            )
    activity = _locked(activity)
    already = set(activity.invitations.values_list("local_government_id", flat=True))
    new = sorted(city_ids - already)
    ActivityInvitation.objects.bulk_create(
        [
            ActivityInvitation(activity=activity, local_government_id=pk, invited_by=actor)
            for pk in new
        ],
        ignore_conflicts=True,
    )
    if new:
        transaction.on_commit(
            lambda: enqueue_by_name("hubs.send_activity_invitations", activity_id=activity.pk)
        )
    return len(new)


def invite_the_cities_it_is_for(*, activity: Activity, actor) -> int:
    """Invite every city ``cities_to_invite`` names (a Global Summit: the eligible ones)."""
    return invite_cities(activity=activity, cities=cities_to_invite(activity), actor=actor)


def send_invitation_batch(*, activity: Activity, batch: int | None = None) -> int:
    """Email the next ``batch`` invitations not yet sent (``ACTIVITY_INVITATION_BATCH``
    unless given), to each reachable official of the invited city in their language;
    return how many remain. Safe to run twice: each email is claimed once, and an
    invitation is marked sent after its emails."""
    from members.models import Official
    from scn_portal.reminders.delivery import open_connection, record_sent

    from ..activity_emails import send_invitation_emails

    pending = list(
        activity.invitations.filter(sent_at__isnull=True)
        .select_related("local_government")
        .order_by("pk")[: batch or settings.ACTIVITY_INVITATION_BATCH]
    )
    if not pending:
        return activity.invitations.filter(sent_at__isnull=True).count()
    # The batch's officials in one query, and its emails over one connection to the relay.
    officials: dict[int, list] = {}
    for official in (
        Official.objects.reachable()
        .filter(local_government_id__in={i.local_government_id for i in pending})
        .select_related("person__user")
        .order_by("pk")
    ):
        officials.setdefault(official.local_government_id, []).append(official.person.user)
    connection, sent = open_connection(), []
    try:
        for invitation in pending:
            send_invitation_emails(
                invitation=invitation,
                officials=officials.get(invitation.local_government_id, []),
                connection=connection,
                sent=sent,
            )
            ActivityInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
    finally:
        connection.close()
        record_sent(sent)
    return activity.invitations.filter(sent_at__isnull=True).count()
