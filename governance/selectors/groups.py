"""Reads about working groups: the list, a group's members, who may ask to join for which
city.

A member acting for a city that asked not to be listed publicly is shown only to those
who answer the group's requests (``governance.decide_join_request``): "a city that is not
listed never appears on public pages".
"""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from members.models import LocalGovernment, Membership, Person

from ..models import WorkingGroup, WorkingGroupMembership

ACCEPTED = WorkingGroupMembership.Status.ACCEPTED
REQUESTED = WorkingGroupMembership.Status.REQUESTED


def person_of(user) -> Person | None:
    """The ``Person`` linked to a signed-in user, or None."""
    if not user or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def cities_user_acts_for(user):
    """The local governments ``user`` acts for today (active Official rows)."""
    if not user or not user.is_authenticated:
        return LocalGovernment.objects.none()
    return (
        LocalGovernment.objects.filter(officials__person__user=user, officials__is_active=True)
        .distinct()
        .order_by("name")
    )


def _listed_members_q(prefix: str = "") -> Q:
    """Members the public may see: no city, or a city that is listed publicly."""
    return Q(**{f"{prefix}local_government__isnull": True}) | Q(
        **{f"{prefix}local_government__publicly_listed": True}
    )


def working_groups_for_list(*, sees_all: bool):
    """Every group with its priorities, convenors and member count (three queries)."""
    members = Q(memberships__status=ACCEPTED)
    if not sees_all:
        members &= _listed_members_q("memberships__")
    return (
        WorkingGroup.objects.annotate(
            member_count=Count("memberships", filter=members, distinct=True),
            pending_count=Count(
                "memberships", filter=Q(memberships__status=REQUESTED), distinct=True
            ),
            closed_last=Case(
                When(status=WorkingGroup.Status.CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .prefetch_related("priorities", "convenors")
        .order_by("closed_last", "topic", "pk")
    )


def members_of(group: WorkingGroup, *, sees_all: bool) -> list[WorkingGroupMembership]:
    rows = (
        group.memberships.filter(status=ACCEPTED)
        .select_related("person", "local_government__membership")
        .order_by("person__full_name", "pk")
    )
    if not sees_all:
        rows = rows.filter(_listed_members_q())
    rows = list(rows)
    for row in rows:
        city = row.local_government
        membership = getattr(city, "membership", None) if city is not None else None
        row.city_is_member = membership is not None and membership.status in (
            Membership.Status.MEMBER,
            Membership.Status.SUSPENDED,
        )
    return rows
