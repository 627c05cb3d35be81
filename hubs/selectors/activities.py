"""Reading activities: who may see one, the public calendar and its filters."""

from django.db.models import QuerySet

from members.eligibility import eligible_cities
from members.models import LocalGovernment

from ..models import Activity, Registration


def is_registered(user, activity: Activity) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return activity.registrations.filter(user=user).exists()


def is_invited_or_member(user, activity: Activity) -> bool:
    """Whether ``user`` acts for a city invited to ``activity`` or one that may hold member
    benefits today."""
    cities = LocalGovernment.objects.acted_for_by(user)
    if activity.invitations.filter(local_government__in=cities).exists():
        return True
    return eligible_cities(cities).exists()


def cities_for_registration(user, activity: Activity) -> QuerySet[LocalGovernment]:
    """The cities ``user`` may register for (those they act for)."""
    return LocalGovernment.objects.acted_for_by(user).order_by("name")


def public_calendar(*, region=None, kind: str = "", priority=None) -> QuerySet[Activity]:
    """Upcoming public activities, soonest first, filtered as asked."""
    activities = (
        Activity.objects.public()
        .upcoming()
        .select_related("region", "hub")
        .prefetch_related("priorities")
        .order_by("starts_at", "pk")
    )
    if region is not None:
        activities = activities.filter(region=region)
    if kind:
        activities = activities.filter(kind=kind)
    if priority is not None:
        activities = activities.filter(priorities=priority)
    return activities


def registration_of(user, activity: Activity) -> Registration | None:
    """The user's current registration (not cancelled) for ``activity``."""
    if user is None or not user.is_authenticated:
        return None
    return (
        activity.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(user=user)
        .first()
    )


def is_participant(user, activity: Activity) -> bool:
    """Holds a seat (registered); someone waiting or offered a seat does not yet."""
    registration = registration_of(user, activity)
    return registration is not None and registration.status == Registration.Status.REGISTERED


def seats_held(activity: Activity) -> int:
    return activity.registrations.holding_seats().count()


def documents_for(user, activity: Activity, *, organiser: bool):
    """Public documents for everyone; all of them for participants and organisers."""
    documents = activity.documents.all()
    if organiser or is_participant(user, activity):
        return documents
    return documents.filter(is_public=True)
