"""The endpoints of the public read API. Each reads through the same selectors as the
public pages, so nothing the public may not see can appear."""

import hashlib

import django_filters
from django.conf import settings as django_settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from funding.selectors import transparency
from governance.models import Minutes
from governance.selectors import isc as isc_selectors
from hubs.models import Activity
from hubs.selectors import activities as activity_selectors
from members.filters import DirectoryFilter, PrioritiesFilter, PriorityFilter, RegionFilter
from members.selectors import directory
from scn_portal.web import page_cache

from ..filters import ResourceFilter
from ..models import Resource
from . import serializers

# The network's website reads these; a few minutes of caching is fresh enough.
MAX_AGE = 300
LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in serializers.settings.LANGUAGES],
    description="The language of the answer; else Accept-Language, else English.",
)


TOO_MANY = OpenApiResponse(description="Too many requests from this address: try again later.")


def listing(summary: str, serializer):
    """A list's schema: its language parameter, and the answers to a bad filter (400, with
    each field's message) and a page out of range (404)."""
    return extend_schema(
        parameters=[LANG_PARAMETER],
        summary=summary,
        responses={
            200: serializer(many=True),
            400: OpenApiResponse(description="A filter's value is not valid (each one says why)."),
            404: OpenApiResponse(description="The page asked for does not exist."),
            429: TOO_MANY,
        },
    )


def one(summary: str, serializer):
    return extend_schema(
        parameters=[LANG_PARAMETER],
        summary=summary,
        responses={
            200: serializer,
            404: OpenApiResponse(description="Not found, or not public."),
            429: TOO_MANY,
        },
    )


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class KeepsTheSessionUser:
    """The API reads no session (no authentication: the same answer for everyone), but
    REST framework then sets the request's user to None, which would hide from the
    portal's privacy headers that a signed-in person's browser asked: put the session's
    user back before the middleware sees the answer (its browser must not keep it)."""

    def initialize_request(self, request, *args, **kwargs):
        self._session_user = request.__dict__.get("user")
        return super().initialize_request(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        if self._session_user is not None:
            getattr(request, "_request", request).user = self._session_user
        return super().finalize_response(request, response, *args, **kwargs)


@method_decorator([conditional_page, cache_control(public=True, max_age=MAX_AGE)], "dispatch")
class PublicReadViewSet(KeepsTheSessionUser, viewsets.GenericViewSet):
    """Read-only, anonymous; the language from ``?lang=`` or ``Accept-Language``."""

    pagination_class = Pages
    authentication_classes: list = []
    http_method_names = ["get", "head", "options"]
    lookup_field = "code"

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language in dict(serializers.settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)
        # Past the rate limit (counted for every request, answered from the cache or not),
        # the same answer for everyone is built once per version of the network.
        if request.method == "GET" and getattr(self, "get", None) is not None:
            self.get = stored_answer(self.get)


def stored_answer(handler):
    """``handler``'s JSON answer, kept under the public pages' version (any change to the
    network's public data renews it; ``PUBLIC_PAGE_CACHE_SECONDS`` bounds it)."""

    def answer(request, *args, **kwargs):
        seconds = django_settings.PUBLIC_PAGE_CACHE_SECONDS
        if seconds <= 0 or len(request.META.get("QUERY_STRING", "")) > page_cache.MAX_QUERY_LENGTH:
            return handler(request, *args, **kwargs)
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        key = f"api:{page_cache.version()}:{translation.get_language()}:{digest}"
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored, content_type="application/json")
            response["X-Page-Cache"] = "hit"
            return response
        response = handler(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, JSONRenderer().render(response.data), timeout=seconds)
        return response

    return answer


class CityFilter(DirectoryFilter):
    """The directory's filters; priorities by code (``?priorities=prevention``)."""

    priorities = PrioritiesFilter(field_name="priorities")


@extend_schema_view(
    list=listing("Listed member cities", serializers.CitySerializer),
    retrieve=one("A listed member's profile", serializers.CityProfileSerializer),
)
class CityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = CityFilter

    def get_queryset(self):
        cities = directory.listed_cities().prefetch_related("priorities")
        return cities.order_by("name_en", "code")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CityProfileSerializer
        return serializers.CitySerializer


@extend_schema_view(
    list=listing("Published public resources", serializers.ResourceSerializer),
    retrieve=one("A published public resource", serializers.ResourceSerializer),
)
class ResourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    serializer_class = serializers.ResourceSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ResourceFilter

    def get_queryset(self):
        return (
            Resource.objects.public()
            .select_related("author_hub", "author_group", "author_city", "author_expert")
            .prefetch_related("priorities", "themes", "regions", "files")
            .order_by("-published_on", "pk")
        )


@extend_schema_view(
    list=extend_schema(parameters=[LANG_PARAMETER], summary="The ISC's current members"),
)
class IscMemberViewSet(mixins.ListModelMixin, PublicReadViewSet):
    serializer_class = serializers.IscMemberSerializer
    pagination_class = None

    def get_queryset(self):
        # A member city that asked not to be listed is absent, as on the public page.
        return isc_selectors.current_terms().filter(local_government__publicly_listed=True)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "co_chair_ids": {c.person_id for c in isc_selectors.current_co_chairs()},
        }


@extend_schema_view(
    list=listing("Published minutes of the ISC", serializers.MinutesSerializer),
    retrieve=one("Published minutes", serializers.MinutesSerializer),
)
class MinutesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    serializer_class = serializers.MinutesSerializer

    def get_queryset(self):
        return (
            Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "-version")
        )


class ActivityFilter(django_filters.FilterSet):
    """The public calendar's filters: region and priority by code, kind."""

    region = RegionFilter(field_name="region")
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices)
    priority = PriorityFilter(field_name="priorities")

    class Meta:
        model = Activity
        fields: list[str] = []


@extend_schema_view(
    list=listing("Upcoming public activities, soonest first", serializers.ActivitySerializer),
    retrieve=one("An upcoming public activity", serializers.ActivitySerializer),
)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PublicReadViewSet):
    serializer_class = serializers.ActivitySerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ActivityFilter

    def get_queryset(self):
        # The public calendar's own selection: public, neither planned-only nor cancelled,
        # not yet over.
        return activity_selectors.public_calendar()


@extend_schema_view(
    list=extend_schema(
        parameters=[LANG_PARAMETER],
        summary="Years with published funding sources, latest first",
        responses={200: serializers.FundingYearSerializer(many=True), 429: TOO_MANY},
    ),
    retrieve=extend_schema(
        parameters=[
            LANG_PARAMETER,
            OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        summary="A year's funding sources, as the transparency page shows them",
        responses={
            200: serializers.FundingFiguresSerializer,
            404: OpenApiResponse(description="No published funding sources that year."),
            429: TOO_MANY,
        },
    ),
)
class FundingYearViewSet(PublicReadViewSet):
    """The funding transparency figures: the same selectors as the public page."""

    pagination_class = None
    lookup_field = "year"

    def list(self, request, *args, **kwargs):
        years = transparency.public_years()
        return Response(serializers.FundingYearSerializer(years, many=True).data)

    def retrieve(self, request, year: str, *args, **kwargs):
        if not (year.isascii() and year.isdigit()) or int(year) not in transparency.public_years():
            raise Http404
        return Response(
            serializers.FundingFiguresSerializer(transparency.public_year(int(year))).data
        )
