from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused

from . import selectors


@require_GET
def isc_members(request):
    """Public: who sits on the ISC today, for which city and region, until when."""
    co_chairs = {c.person_id for c in selectors.current_co_chairs()}
    # A member that asked not to be listed publicly is absent from every public page.
    terms = list(selectors.current_terms().filter(local_government__publicly_listed=True))
    return render(
        request,
        "governance/isc_members.html",
        {"terms": terms, "co_chair_ids": co_chairs},
    )


@staff_page
@login_required
@require_GET
def composition(request):
    """Staff: the committee's composition against the diversity target, and what ends soon."""
    if not request.user.has_perm("governance.view_composition"):
        raise Refused
    return render(request, "governance/composition.html", {"composition": selectors.composition()})
