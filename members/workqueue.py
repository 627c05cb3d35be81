"""What waits for staff in members: applications to decide, requests to act for a city,
cities the last screening placed in a disputed territory, proposed changes of location.

Every line is scoped like the admin: hub staff see their hub's regions only.
"""

from django.db.models import Exists, Min, OuterRef, Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import city_scope_q
from scn_portal.workqueue.registry import Line, register_line

from .models import (
    ActingClaim,
    EligibilityOverride,
    LocalGovernment,
    LocationChange,
    Membership,
    TerritoryMatch,
)


def _in_regions(queryset, user, lookup: str):
    scope = city_scope_q(user, lookup)
    if scope is None:
        return queryset
    return queryset.filter(scope)


def _uncleared_matches():
    """Territory matches of a city that no reviewed override clears."""
    cleared = EligibilityOverride.objects.filter(
        local_government=OuterRef("local_government"), territory=OuterRef("territory")
    )
    return TerritoryMatch.objects.annotate(cleared=Exists(cleared)).filter(cleared=False)


def applications_waiting(user):
    """Submitted applications, the longest waiting first. ``flagged``: the check found the
    city in a disputed territory that no override clears (``with_open_matches`` then
    names the territories)."""
    found = _uncleared_matches().filter(local_government=OuterRef("local_government"))
    waiting = (
        Membership.objects.filter(status=Membership.Status.UNDER_REVIEW)
        .annotate(flagged=Exists(found))
        .select_related("local_government", "local_government__region")
        .order_by("submitted_at", "pk")
    )
    return _in_regions(waiting, user, "local_government__region")


def with_open_matches(applications: list[Membership]) -> None:
    """``open_matches`` on each application's city: the territory matches no override
    clears, read (one query) only for the applications ``flagged`` as having some."""
    flagged = []
    for application in applications:
        city = application.local_government
        if application.flagged:
            flagged.append(city)
        else:
            city.open_matches = []
    prefetch_related_objects(
        flagged,
        Prefetch(
            "territory_matches",
            queryset=_uncleared_matches().select_related("territory"),
            to_attr="open_matches",
        ),
    )


def claims_to_confirm(user):
    claims = (
        ActingClaim.objects.filter(status=ActingClaim.Status.PENDING)
        .select_related("user", "local_government")
        .order_by("created_at", "pk")
    )
    return _in_regions(claims, user, "local_government__region")


def flagged_members(user):
    """Members and suspended members the last screening found inside a disputed territory
    (and no override clears): they may not hold member benefits until staff decide."""
    open_matches = _uncleared_matches().filter(local_government=OuterRef("pk"))
    cities = (
        LocalGovernment.objects.filter(
            membership__status__in=[Membership.Status.MEMBER, Membership.Status.SUSPENDED]
        )
        .filter(Exists(open_matches))
        .annotate(flagged_at=Min("territory_matches__found_at"))
        .select_related("membership", "region")
        .order_by("flagged_at", "pk")
    )
    return _in_regions(cities, user, "region")


def location_changes_to_review(user):
    changes = (
        LocationChange.objects.pending()
        .select_related("local_government", "proposed_by")
        .order_by("proposed_at", "pk")
    )
    return _in_regions(changes, user, "local_government__region")


register_line(
    Line(
        code="members.applications",
        order=10,
        title=_("Applications waiting for a decision"),
        items=applications_waiting,
        row_template="members/workqueue/_application.html",
        may_see=lambda user: user.has_perm("members.view_membership"),
        # The Applications list, narrowed to what this line lists (under review).
        all_url=lambda: reverse("admin:members_application_changelist") + "?status=under_review",
        shows=(
            "submitted_at",
            "local_government__name",
            "local_government__country",
            "local_government__region__name",
        ),
        complete=with_open_matches,
    )
)
register_line(
    Line(
        code="members.claims",
        order=20,
        title=_("Requests to act for a city"),
        items=claims_to_confirm,
        row_template="members/workqueue/_claim.html",
        may_see=lambda user: user.has_perm("members.change_actingclaim"),
        all_url=lambda: reverse("admin:members_actingclaim_changelist") + "?status__exact=pending",
    )
)
register_line(
    Line(
        code="members.flagged",
        order=30,
        title=_("Members the last screening found in a disputed territory"),
        items=flagged_members,
        row_template="members/workqueue/_flagged.html",
        may_see=lambda user: user.has_perm("members.view_localgovernment"),
        shows=("name", "country", "membership__status"),
    )
)
register_line(
    Line(
        code="members.location_changes",
        order=40,
        title=_("Proposed changes of location"),
        items=location_changes_to_review,
        row_template="members/workqueue/_location_change.html",
        may_see=lambda user: user.has_perm("members.view_locationchange"),
        all_url=lambda: (
            reverse("admin:members_locationchange_changelist") + "?status__exact=pending"
        ),
    )
)
