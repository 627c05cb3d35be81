"""Pages of the working groups: public, with requests to join.

Who sees what:
- working groups, their convenors and members: everyone. A member acting for a city
  that asked not to be listed publicly is shown only to those who answer the group's
  requests (``governance.decide_join_request``: its convenors and Management Unit staff).
- a group's pending requests: the same people (404 for others).
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.web.forms import add_service_errors

from ..forms.groups import JoinDecisionForm, JoinRequestForm
from ..models import WorkingGroup, WorkingGroupMembership
from ..selectors import groups as group_selectors
from ..services import groups as group_services

GET_POST = require_http_methods(["GET", "POST"])
REQUESTED = WorkingGroupMembership.Status.REQUESTED


def _decides(user, group: WorkingGroup) -> bool:
    return rules.has_perm("governance.decide_join_request", user, group)


def get_group_for_convenor(request, code) -> WorkingGroup:
    """The group with this ``code`` if the signed-in person answers its requests; 404
    otherwise, the same as for a code nobody knows."""
    group = WorkingGroup.objects.filter(code=code).first()
    if group is None:
        raise Http404
    if not _decides(request.user, group):
        raise Refused
    return group


@require_GET
def working_groups(request):
    """Public: every working group, its topic, priorities, status, convenors and size."""
    groups = list(group_selectors.working_groups_for_list(sees_all=is_mu_staff(request.user)))
    for group in groups:  # convenors are prefetched: no query per group
        group.shows_pending = _decides(request.user, group)
    return render(request, "governance/groups/list.html", {"groups": groups})


def _detail(request, group: WorkingGroup, *, join_form=None, status: int = 200):
    user = request.user
    sees_all = _decides(user, group)
    person = group_selectors.person_of(user)
    own = None
    if person is not None:
        own = group.memberships.filter(person=person).select_related("local_government").first()
    may_ask = (
        group.status != WorkingGroup.Status.CLOSED
        and person is not None
        and (own is None or own.status not in group_services.OPEN_MEMBERSHIP)
        and group_selectors.cities_user_acts_for(user).exists()
    )
    refusals: list[str] = []
    if join_form is not None and not may_ask:
        # Refused where no form is shown (closed group, pending request): say why on top.
        refusals = [message for errors in join_form.errors.values() for message in errors]
    if may_ask and join_form is None:
        join_form = JoinRequestForm(user=user)
    context = {
        "group": group,
        "priorities": list(group.priorities.all()),
        "convenors": list(group.convenors.all()),
        "meetings": list(group.meetings.all()),
        "members": group_selectors.members_of(group, sees_all=sees_all),
        "own": own,
        "join_form": join_form if may_ask else None,
        "refusals": refusals,
        "may_decide": sees_all,
        "pending_count": group.memberships.filter(status=REQUESTED).count() if sees_all else 0,
    }
    return render(request, "governance/groups/detail.html", context, status=status)


@require_GET
def working_group(request, code):
    """Public: one group; a city official may ask to join it from here."""
    group = get_object_or_404(WorkingGroup, code=code)
    return _detail(request, group)


@login_required
@require_POST
def join_working_group(request, code):
    group = get_object_or_404(WorkingGroup, code=code)
    form = JoinRequestForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            group_services.ask_to_join_working_group(
                group=group, local_government=form.cleaned_data["city"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("You asked to join “%(group)s”. Its convenors will answer.")
                % {"group": group.topic},
            )
            return redirect("governance:working_group", code=group.code)
    return _detail(request, group, join_form=form, status=400)


@staff_page
@login_required
@GET_POST
def join_requests(request, code):
    """A convenor's (or staff's) list of pending requests, each accepted or declined here."""
    group = get_group_for_convenor(request, code)
    if request.method == "POST":
        form = JoinDecisionForm(request.POST)
        if not form.is_valid():
            raise Http404
        membership = get_object_or_404(
            WorkingGroupMembership.objects.select_related("person"),
            pk=form.cleaned_data["request"],
            group=group,
        )
        accept = form.cleaned_data["decision"] == JoinDecisionForm.ACCEPT
        service = (
            group_services.accept_join_request if accept else group_services.decline_join_request
        )
        try:
            service(membership=membership, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            done = (
                _("%(person)s is now a member of the group.")
                if accept
                else _("The request of %(person)s is declined.")
            )
            messages.success(request, done % {"person": membership.person.full_name})
        return redirect("governance:working_group_requests", code=group.code)
    pending = list(
        group.memberships.filter(status=REQUESTED)
        .select_related("person", "local_government")
        .order_by("requested_at", "pk")
    )
    return render(
        request,
        "governance/groups/requests.html",
        {
            "group": group,
            "pending": pending,
            "accept": JoinDecisionForm.ACCEPT,
            "decline": JoinDecisionForm.DECLINE,
        },
    )
