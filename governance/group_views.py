"""Pages of the working groups (public, with requests to join) and the pool of experts.

Views are thin: they find the object through a helper that answers 404 to anyone who
may not see it, and call ``group_services`` for every change (always a POST). A refusal
is shown on the page with its translated message; nothing changes.

Who sees what:
- working groups, their convenors and members: everyone. A member acting for a city
  that asked not to be listed publicly is shown only to the group's convenors and
  Management Unit staff ("a city that is not listed never appears on public pages").
- a group's pending requests: its convenors and Management Unit staff (404 for others).
- an expert's profile and engagements: the expert and Management Unit staff (404 for
  others); only the expert edits it here (staff use the admin).
- the search of the pool of experts: Management Unit staff only (403 for others).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Membership
from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.roles import Role, roles_of

from . import group_services
from .filters import ExpertFilter, is_filtered
from .group_forms import ExpertProfileForm, JoinDecisionForm, JoinRequestForm, language_name
from .models import Expert, ExpertEngagement, WorkingGroup, WorkingGroupMembership

GET_POST = require_http_methods(["GET", "POST"])
EXPERTS_PER_PAGE = 50
ACCEPTED = WorkingGroupMembership.Status.ACCEPTED
REQUESTED = WorkingGroupMembership.Status.REQUESTED


def _is_mu_staff(user) -> bool:
    # Through the roles registry: cached on the user, which the page's header asks too.
    return Role.MU_STAFF in roles_of(user)


def _add_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Reads -------------------------------------------------------------------------------


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


def get_group_for_convenor(request, code) -> WorkingGroup:
    """The group with this ``code`` if the signed-in person convenes it (or is Management
    Unit staff); 404 otherwise, the same as for a code nobody knows."""
    group = WorkingGroup.objects.filter(code=code).first()
    if group is None:
        raise Http404
    if not group_services.may_decide_join_requests(request.user, group):
        raise Refused
    return group


def get_expert_for_user(request, code, *, staff_may_read: bool) -> Expert:
    """The active expert whose person has this ``code``, if it is the signed-in person's
    own profile (or, to read it, Management Unit staff); 404 otherwise."""
    expert = (
        Expert.objects.select_related("person")
        .prefetch_related("priorities", "regions")
        .filter(person__code=code, is_active=True)
        .first()
    )
    if expert is None:
        raise Http404
    own = expert.person.user_id is not None and expert.person.user_id == request.user.pk
    if own or (staff_may_read and _is_mu_staff(request.user)):
        return expert
    raise Refused


# --- Working groups -----------------------------------------------------------------------


@require_GET
def working_groups(request):
    """Public: every working group, its topic, priorities, status, convenors and size."""
    staff = _is_mu_staff(request.user)
    groups = list(working_groups_for_list(sees_all=staff))
    convened: set[int] = set()
    if request.user.is_authenticated and not staff:
        convened = set(
            WorkingGroup.objects.filter(convenors__user=request.user).values_list("pk", flat=True)
        )
    for group in groups:
        group.shows_pending = staff or group.pk in convened
    return render(request, "governance/groups/list.html", {"groups": groups})


def _detail(request, group: WorkingGroup, *, join_form=None, status: int = 200):
    user = request.user
    sees_all = group_services.may_decide_join_requests(user, group)
    person = group_services.person_of(user)
    own = None
    if person is not None:
        own = group.memberships.filter(person=person).select_related("local_government").first()
    may_ask = (
        group.status != WorkingGroup.Status.CLOSED
        and person is not None
        and (own is None or own.status not in group_services.OPEN_MEMBERSHIP)
        and group_services.cities_user_acts_for(user).exists()
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
        "members": members_of(group, sees_all=sees_all),
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
            _add_errors(form, exc)
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


# --- The pool of experts ------------------------------------------------------------------


@login_required
@require_GET
def my_expert_profile(request):
    """The signed-in expert's own profile (the dashboard links here)."""
    expert = Expert.objects.filter(person__user=request.user, is_active=True).first()
    if expert is None:
        raise Refused  # only experts have a profile of their own
    return redirect("governance:expert", code=expert.person.code)


@staff_page
@login_required
@require_GET
def expert(request, code):
    """An expert's profile and engagements: the expert (who may edit it) and staff read it."""
    expert = get_expert_for_user(request, code, staff_may_read=True)
    engagements = list(
        ExpertEngagement.objects.filter(expert=expert)
        .select_related("local_government")
        .order_by("-starts_on", "-pk")
    )
    return render(
        request,
        "governance/experts/profile.html",
        {
            "expert": expert,
            "languages": [language_name(code) for code in expert.languages],
            "engagements": engagements,
            "is_own": expert.person.user_id == request.user.pk,
        },
    )


@login_required
@GET_POST
def edit_expert(request, code):
    """The expert keeps their own profile; anyone else is answered 404."""
    expert = get_expert_for_user(request, code, staff_may_read=False)
    form = ExpertProfileForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group_services.update_expert_profile(
                expert=expert,
                actor=request.user,
                profile=data["profile"],
                expertise=data["expertise"],
                priorities=data["priorities"],
                regions=data["regions"],
                languages=data["languages"],
                availability=data["availability"],
                available_from=data["available_from"],
                available_until=data["available_until"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your expert profile is saved."))
            return redirect("governance:expert", code=expert.person.code)
    return render(request, "governance/experts/edit.html", {"expert": expert, "form": form})


@staff_page
@login_required
@require_GET
def expert_search(request):
    """Management Unit staff find experts by language, priority, region, profile,
    availability on a date and expertise."""
    if not _is_mu_staff(request.user):
        raise Refused
    experts = (
        Expert.objects.filter(is_active=True)
        .select_related("person")
        .prefetch_related("priorities", "regions")
        .order_by("person__full_name", "pk")
    )
    filterset = ExpertFilter(request.GET, queryset=experts, request=request)
    found = filterset.qs if filterset.is_valid() else experts.none()
    page = Paginator(found, EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
    found_experts = list(page.object_list)
    for item in found_experts:
        item.language_names = [language_name(code) for code in item.languages]
    return render(
        request,
        "governance/experts/search.html",
        {
            "filter": filterset,
            "page_obj": page,
            "experts": found_experts,
            "filtered": is_filtered(filterset, request.GET),
        },
    )
