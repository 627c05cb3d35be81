"""Working groups: requests to join, and who is in a group.

A refusal raises ``GovernanceError`` and changes nothing. The services check their own
rules, including who may act (``governance.decide_join_request`` for the group's
convenors and Management Unit staff), so a view, a form or an admin action that forgets a
check cannot get past them.
"""

import rules
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Official, Person
from scn_portal.audit.events import audit_event

from ..errors import GovernanceError
from ..models import WorkingGroup, WorkingGroupMembership

Status = WorkingGroupMembership.Status
OPEN_MEMBERSHIP = (Status.REQUESTED, Status.ACCEPTED)


def _closed() -> GovernanceError:
    return GovernanceError(
        _("This working group is closed: it takes no new members."), code="closed"
    )


def _already_requested() -> GovernanceError:
    return GovernanceError(
        _("You have already asked to join this working group: the convenors will answer."),
        code="already_requested",
    )


def _check_may_decide(actor, group: WorkingGroup) -> None:
    if not rules.has_perm("governance.decide_join_request", actor, group):
        raise GovernanceError(
            _("Only the group's convenors or the Management Unit answer requests to join."),
            code="not_convenor",
        )


@audit_event("join_requested")
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
        raise _closed()
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
    if existing is not None and existing.status == Status.ACCEPTED:
        raise GovernanceError(
            _("You are already a member of this working group."), code="already_member"
        )
    if existing is not None and existing.status == Status.REQUESTED:
        raise _already_requested()
    if existing is not None:
        existing.status = Status.REQUESTED
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
                status=Status.REQUESTED,
            )
    except IntegrityError as exc:  # a second click in the same instant
        raise _already_requested() from exc


def _decide(*, membership: WorkingGroupMembership, status: str, actor) -> WorkingGroupMembership:
    membership = (
        WorkingGroupMembership.objects.select_for_update()
        .select_related("group", "person")
        .get(pk=membership.pk)
    )
    _check_may_decide(actor, membership.group)
    if membership.status != Status.REQUESTED:
        raise GovernanceError(
            _("%(person)s has no request waiting for an answer (%(status)s)."),
            code="not_pending",
            params={"person": membership.person, "status": membership.get_status_display()},
        )
    if status == Status.ACCEPTED and membership.group.status == WorkingGroup.Status.CLOSED:
        raise _closed()
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    return membership


@audit_event("join_request_accepted")
@transaction.atomic
def accept_join_request(*, membership: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    """A convenor of the group, or Management Unit staff, accepts a pending request.

    Records who decided and when. Refused for anyone else, for a request that is not
    pending, and for a closed group.
    """
    return _decide(membership=membership, status=Status.ACCEPTED, actor=actor)


@audit_event("join_request_declined")
@transaction.atomic
def decline_join_request(*, membership: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    """A convenor of the group, or Management Unit staff, declines a pending request."""
    return _decide(membership=membership, status=Status.DECLINED, actor=actor)


def _stamp_decision(membership: WorkingGroupMembership, actor) -> list[str]:
    """Any status but "asked to join" is ``actor``'s decision, made now."""
    if membership.status == Status.REQUESTED:
        return []
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    return ["decided_at", "decided_by"]


@audit_event("group_member_added")
@transaction.atomic
def add_group_member(
    *,
    group: WorkingGroup,
    person: Person,
    local_government: LocalGovernment | None,
    status: str,
    actor,
) -> WorkingGroupMembership:
    """Staff or a convenor put someone in the group (or record their request to join).

    A person is in a group at most once (the form says so before this runs).
    """
    _check_may_decide(actor, group)
    membership = WorkingGroupMembership(
        group=group, person=person, local_government=local_government, status=status
    )
    _stamp_decision(membership, actor)
    membership.save()
    return membership


@audit_event("group_membership_changed")
@transaction.atomic
def change_group_membership(
    *,
    membership: WorkingGroupMembership,
    person: Person,
    local_government: LocalGovernment | None,
    status: str,
    actor,
) -> WorkingGroupMembership:
    """Staff or a convenor change a member's row; a new status is their decision, now."""
    membership = (
        WorkingGroupMembership.objects.select_for_update()
        .select_related("group")
        .get(pk=membership.pk)
    )
    _check_may_decide(actor, membership.group)
    fields = ["person", "local_government", "status"]
    status_changed = membership.status != status
    membership.person = person
    membership.local_government = local_government
    membership.status = status
    if status_changed:
        fields += _stamp_decision(membership, actor)
    membership.save(update_fields=fields)
    return membership
