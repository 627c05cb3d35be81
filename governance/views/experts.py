"""Pages of the pool of experts.

Who sees what:
- an expert's profile and engagements: the expert and Management Unit staff
  (``governance.read_expert_profile``; 404 for others); only the expert edits it here
  (``governance.edit_expert_profile``; staff use the admin).
- the search of the pool: Management Unit staff only (``governance.search_experts``).
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.web.forms import add_service_errors

from ..filters import ExpertFilter
from ..forms.experts import ExpertProfileForm, language_name
from ..models import Expert, ExpertEngagement
from ..services import experts as expert_services

GET_POST = require_http_methods(["GET", "POST"])
EXPERTS_PER_PAGE = 50


def get_expert_for_user(request, code, *, permission: str) -> Expert:
    """The active expert whose person has this ``code``, if the signed-in person has
    ``permission`` on it; 404 otherwise."""
    expert = (
        Expert.objects.select_related("person")
        .prefetch_related("priorities", "regions")
        .filter(person__code=code, is_active=True)
        .first()
    )
    if expert is None:
        raise Http404
    if not rules.has_perm(permission, request.user, expert):
        raise Refused
    return expert


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
    expert = get_expert_for_user(request, code, permission="governance.read_expert_profile")
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
            "is_own": rules.has_perm("governance.edit_expert_profile", request.user, expert),
        },
    )


@login_required
@GET_POST
def edit_expert(request, code):
    """The expert keeps their own profile; anyone else is answered 404."""
    expert = get_expert_for_user(request, code, permission="governance.edit_expert_profile")
    form = ExpertProfileForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            expert_services.update_expert_profile(
                expert=expert,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in expert_services.PROFILE_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    if not rules.has_perm("governance.search_experts", request.user):
        raise Refused
    experts = (
        Expert.objects.filter(is_active=True)
        .select_related("person")
        .prefetch_related("priorities", "regions")
        .order_by("person__full_name", "pk")
    )
    filterset = ExpertFilter(request.GET, queryset=experts, request=request)
    found = filterset.found()
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
            "filtered": filterset.is_filtered(),
        },
    )
