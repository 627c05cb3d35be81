"""Public pages of the network: the member directory, city profiles and the directory feed,
plus the membership certificate request (signed in).

Only listed members appear (``members.selectors.directory``); any other city answers 404, the
same as a code nobody knows.
"""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from scn_portal.reports.services import ReportNotAllowed, TooManyReports
from scn_portal.web.forms import is_filtered

from ..errors import MembershipError
from ..filters import DirectoryFilter
from ..models import LocalGovernment
from ..reports import request_certificate
from ..selectors import directory

CITIES_PER_PAGE = 24
# The network's website reads the feed; a few minutes of caching is fresh enough.
FEED_MAX_AGE = 300


@require_GET
def directory_page(request):
    filterset = DirectoryFilter(request.GET, queryset=directory.listed_cities(), request=request)
    # An invalid filter shows its error and no cities, rather than silently ignoring it.
    cities = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(directory.in_display_order(cities), CITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "members/public/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "cities": page.object_list,
            "by_region": directory.count_by_region(cities),
            "filtered": is_filtered(filterset, request.GET),
        },
    )


@require_GET
def city_profile(request, code):
    city = directory.listed_city(code)
    if city is None:
        raise Http404
    return render(
        request,
        "members/public/city_profile.html",
        {
            "city": city,
            "languages": directory.language_names(city.languages),
            "priorities": list(city.priorities.all()),
            "may_request_certificate": rules.has_perm(
                "members.request_certificate", request.user, city
            ),
        },
    )


@require_GET
@cache_control(public=True, max_age=FEED_MAX_AGE)
def directory_feed(request):
    """The directory as JSON for the network's website: ``{"language", "count", "cities"}``.

    Each city: ``code``, ``name`` (``en``/``ar``/``fr``/``es``, ``null`` where there is no
    translation), ``kind``, ``country`` and ``region`` (``code`` + ``name`` in the feed's
    language), ``joined`` (year), ``coordinates``, ``website``, ``profile_url``. Ordered by
    English name, then code. Listed members only, like every public page.
    """
    language = get_language()

    def profile_url(city) -> str:
        return settings.SITE_URL + reverse("members:city", kwargs={"code": city.code})

    entries = directory.feed_entries(profile_url=profile_url)
    response = JsonResponse(
        {"language": language, "count": len(entries), "cities": entries},
        json_dumps_params={"ensure_ascii": False},
    )
    # Public data only: the network's website may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def get_city_for_certificate(request, code) -> LocalGovernment:
    """The city, if this person may ask for its certificate; 404 otherwise."""
    city = LocalGovernment.objects.filter(code=code).first()
    if city is None or not rules.has_perm("members.request_certificate", request.user, city):
        raise Http404
    return city


@login_required
@require_POST
def request_certificate_view(request, code):
    city = get_city_for_certificate(request, code)
    try:
        report = request_certificate(city=city, actor=request.user, language=get_language())
    except ReportNotAllowed as exc:
        raise Http404 from exc
    except (MembershipError, TooManyReports) as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("web:dashboard")
    messages.success(
        request, _("Your membership certificate is being prepared; download it from this page.")
    )
    return redirect(report)
