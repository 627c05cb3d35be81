"""What the help desk shows: the requests each person may see, and who may take one."""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from scn_portal.accounts.rules import is_mu_staff

from ..models import HelpRequest, Hub


def requests_handled_by(user) -> QuerySet[HelpRequest]:
    """The requests ``user`` handles, as the help desk lists them (with how many messages
    each holds and whether it is overdue)."""
    return handled_by(
        user,
        with_overdue(
            HelpRequest.objects.select_related("local_government", "hub", "assigned_to").annotate(
                message_count=Count("messages", filter=Q(messages__is_internal=False))
            )
        ),
    )


def handled_by(user, requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    """Those of ``requests`` that ``user`` handles: every one for the Management Unit;
    their hubs' and those assigned to them for hub staff; only those assigned to them for
    an expert."""
    from ..rules import staff_hub_ids

    if is_mu_staff(user):
        return requests
    return requests.filter(Q(hub_id__in=staff_hub_ids(user)) | Q(assigned_to=user))


def overdue_q() -> Q:
    """Open requests without a first answer past their due time (the hub's or the central
    team's target from when it was asked, or re-timed when staff changed it)."""
    return Q(first_response_at__isnull=True, first_response_due__lt=timezone.now()) & ~Q(
        status=HelpRequest.Status.CLOSED
    )


def with_overdue(requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    """``overdue`` on each request: it has missed its first-response target."""
    return requests.annotate(overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))


def may_handle_requests(user) -> bool:
    """Staff of the network (Management Unit, hubs) and experts of the pool."""
    from scn_portal.accounts.roles import Role, roles_of

    return bool(roles_of(user) & {Role.MU_STAFF, Role.HUB_STAFF, Role.EXPERT})


def requests_of_city(city) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(local_government=city).select_related("hub")


def assignees_for(help_request: HelpRequest) -> QuerySet:
    """Staff of the request's hub, the Management Unit and the active pool of experts."""
    User = get_user_model()
    people = Q(pk__in=User.objects.mu_staff().values("pk")) | Q(person__expert__is_active=True)
    if help_request.hub_id is not None:
        people |= Q(
            hub_assignments__hub_id=help_request.hub_id,
            hub_assignments__hub__status=Hub.Status.ACTIVE,
        )
    return User.objects.filter(people, is_active=True).distinct().order_by("full_name", "email")
