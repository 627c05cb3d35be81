"""Public pages of the network: the member directory, city profiles and the directory feed,
plus the membership certificate request (signed in).

Only listed members appear (``members.selectors.directory``); any other city answers 404, the
same as a code nobody knows.
"""

import gzip

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scn_portal.reports.services import ReportNotAllowed, TooManyReports
from scn_portal.web.charts import csv_response
from scn_portal.web.page_cache import public_page
from scn_portal.web.panels import CITY_PROFILE, panels

from .. import feed as feed_builds
from ..errors import MembershipError
from ..filters import DirectoryFilter
from ..models import LocalGovernment
from ..reports import request_certificate
from ..selectors import directory

CITIES_PER_PAGE = 24
# The network's website reads the feed; a few minutes of caching is fresh enough.
FEED_MAX_AGE = 300
# A feed never built yet is ready within seconds: ask the client to come back soon.
FEED_RETRY_AFTER = 30


@require_GET
@public_page
def directory_page(request):
    filterset = DirectoryFilter(request.GET, queryset=directory.listed_cities(), request=request)
    valid = filterset.is_valid()
    # An invalid filter shows its error and no cities, rather than silently ignoring it.
    cities = filterset.found()
    # What every visitor with these filters sees the same is counted once per version of
    # the directory, not scanned per request.
    selection = directory.selection_key(request.GET) if valid else None
    paginator = directory.CappedPaginator(
        directory.in_display_order(cities),
        CITIES_PER_PAGE,
        count=directory.cached_count(cities, selection),
    )
    filtered = filterset.is_filtered()
    by_region = directory.cached_count_by_region(cities, selection)
    charts = (
        [directory.region_chart(by_region, filtered=filtered, params=request.GET)]
        if by_region
        else []
    )
    response = csv_response(request, charts)
    if response is not None:
        return response
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    for name in directory.NOT_FILTERS:
        query.pop(name, None)
    return render(
        request,
        "members/public/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "cities": page.object_list,
            "by_region": by_region,
            "charts": charts,
            # The chart's CSV link keeps the filters.
            "query": query.urlencode(),
            # The form with 250 countries costs more to render than the rest of the page:
            # the same for every visitor with these filters, so rendered once.
            "form_html": directory.cached_form_html(filterset.form, selection),
            "filtered": filtered,
        },
    )


@require_GET
@public_page
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
            # What the apps above members show of the city (its good practices, groups...).
            "panels": panels(CITY_PROFILE, city),
        },
    )


@require_GET
def directory_feed(request):
    """The directory as JSON for the network's website: ``{"language", "count", "cities"}``.

    Each city: ``code``, ``name`` (``en``/``ar``/``fr``/``es``, ``null`` where there is no
    translation), ``kind``, ``country`` and ``region`` (``code`` + ``name`` in the feed's
    language), ``joined`` (year), ``coordinates``, ``website``, ``profile_url``. Ordered by
    English name, then code. Listed members only, like every public page.

    Built by a Celery task once per version of the directory and language
    (``members.feed``), kept gzipped in the cache, and answered with an ``ETag``: a
    website polling it costs one cache read, and ``304 Not Modified`` when nothing
    changed. While a newer feed is built the last one is served; a language never built
    yet waits a few seconds for it, then answers 503 with ``Retry-After``.
    """
    feed = feed_builds.current(get_language())
    if feed is None:
        response = JsonResponse(
            {"detail": _("The directory is being prepared. Please try again in a minute.")},
            status=503,
        )
        response["Retry-After"] = str(FEED_RETRY_AFTER)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    if feed["etag"] in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(feed["gzip"], content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(feed["gzip"]), content_type="application/json")
    response["ETag"] = feed["etag"]
    response["Last-Modified"] = http_date(feed["built_at"])
    response["Vary"] = "Accept-Encoding"
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    # Public data only: the network's website may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


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
