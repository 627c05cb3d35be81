"""Exactly what each endpoint of the public API shows: every field is listed here, and a
test checks that nothing else ever appears (no email, no note, no draft)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hubs.models import Activity
from members.models import LocalGovernment
from scn_portal.web.templatetags.rich_text import rich_text

from ..models import Resource, ResourceFile

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class NamedSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CitySerializer(serializers.ModelSerializer):
    """A listed member city, as the public directory shows it."""

    country = serializers.CharField(source="country.code")
    country_name = serializers.CharField(source="country.name")
    region = NamedSerializer(allow_null=True)
    joined = serializers.SerializerMethodField()
    profile_url = serializers.SerializerMethodField()

    class Meta:
        model = LocalGovernment
        fields = [
            "code",
            "name",
            "kind",
            "country",
            "country_name",
            "region",
            "joined",
            "website",
            "profile_url",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_joined(self, city) -> int | None:
        membership = getattr(city, "membership", None)
        return membership.joined_on.year if membership and membership.joined_on else None

    def get_profile_url(self, city) -> str:
        return absolute(reverse("members:city", kwargs={"code": city.code}))


class CityProfileSerializer(CitySerializer):
    """A listed member's profile: the directory's fields, its profile text (sanitised
    HTML), languages of work and chosen strategic priorities."""

    profile = serializers.SerializerMethodField()
    priorities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "profile", "languages", "priorities"]

    def get_profile(self, city) -> str:
        return str(rich_text(city.profile)) if city.profile else ""


class ResourceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ResourceFile
        fields = ["title", "format", "size", "language", "url"]

    def get_url(self, attached) -> str:
        return absolute(attached.get_absolute_url())


class TranslationSerializer(serializers.Serializer):
    title = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)


class ResourceSerializer(serializers.ModelSerializer):
    """A published public resource: its text in the request's language, the text in every
    language under ``translations`` (null where there is none), its tags and files."""

    body = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    priorities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    regions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    countries = serializers.SerializerMethodField()
    files = ResourceFileSerializer(many=True, read_only=True)
    translations = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "code",
            "kind",
            "title",
            "summary",
            "body",
            "languages",
            "external_url",
            "published_on",
            "author",
            "priorities",
            "themes",
            "regions",
            "countries",
            "files",
            "translations",
            "url",
        ]

    def get_body(self, resource) -> str:
        return str(rich_text(resource.body)) if resource.body else ""

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
        }
    )
    def get_author(self, resource) -> dict:
        return {"kind": resource.author_kind, "name": resource.author_name}

    def get_countries(self, resource) -> list[str]:
        return [country.code for country in resource.countries]

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "nullable": True},
                    "summary": {"type": "string", "nullable": True},
                },
            },
        }
    )
    def get_translations(self, resource) -> dict:
        return {
            language: {
                "title": getattr(resource, f"title_{language}") or None,
                "summary": getattr(resource, f"summary_{language}") or None,
            }
            for language in LANGUAGES
        }

    def get_url(self, resource) -> str:
        return absolute(resource.get_absolute_url())


class IscMemberSerializer(serializers.Serializer):
    """A current ISC seat: the holder's name, city and region, role and term."""

    name = serializers.CharField(source="person.full_name")
    city = serializers.CharField(source="local_government.name")
    city_code = serializers.UUIDField(source="local_government.code")
    region = serializers.CharField(source="local_government.region.name", allow_null=True)
    co_chair = serializers.SerializerMethodField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    def get_co_chair(self, term) -> bool:
        return term.person_id in self.context.get("co_chair_ids", set())


class MinutesSerializer(serializers.Serializer):
    """Published minutes: the meeting, the version and where to read them."""

    code = serializers.UUIDField()
    meeting = serializers.CharField(source="meeting.title")
    meeting_date = serializers.DateTimeField(source="meeting.starts_at")
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    def get_url(self, minutes) -> str:
        return absolute(reverse("governance:minutes_detail", kwargs={"code": minutes.code}))

    def get_pdf_url(self, minutes) -> str:
        return absolute(reverse("governance:minutes_pdf", kwargs={"code": minutes.code}))


def _local(moment, time_zone: str):
    """``moment`` at the activity's own place, with its UTC offset."""
    try:
        return moment.astimezone(ZoneInfo(time_zone))
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        return moment


class ActivityTranslationSerializer(serializers.Serializer):
    title = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)


class OrganiserSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Activity.Organiser.choices)
    name = serializers.CharField()
    hub = serializers.CharField(allow_null=True, help_text="The organising hub's slug.")


class ActivitySerializer(serializers.ModelSerializer):
    """An upcoming public activity: its title and description in the request's language
    (every language under ``translations``, null where there is none), when (in the time
    zone where it is set, with the offset), where (the place, and whether it is online —
    never the link, which registered participants receive), who organises it, its region
    and strategic priorities."""

    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField()
    region = NamedSerializer(allow_null=True)
    organiser = serializers.SerializerMethodField()
    priorities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    translations = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "code",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "place",
            "online",
            "region",
            "organiser",
            "priorities",
            "audience",
            "status",
            "languages",
            "translations",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, activity) -> str:
        return _local(activity.starts_at, activity.time_zone).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, activity) -> str:
        return _local(activity.ends_at, activity.time_zone).isoformat()

    def get_online(self, activity) -> bool:
        return bool(activity.online_link)

    @extend_schema_field(OrganiserSerializer)
    def get_organiser(self, activity) -> dict:
        hub = activity.hub
        return {
            "kind": activity.organiser,
            "name": activity.partner_name
            or (hub.name if hub else "")
            or str(_("Strong Cities Network")),
            "hub": hub.slug if hub else None,
        }

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "nullable": True},
                    "description": {"type": "string", "nullable": True},
                },
            },
        }
    )
    def get_translations(self, activity) -> dict:
        return {
            language: {
                "title": getattr(activity, f"title_{language}") or None,
                "description": getattr(activity, f"description_{language}") or None,
            }
            for language in LANGUAGES
        }

    def get_url(self, activity) -> str:
        return absolute(reverse("activities:activity_detail", kwargs={"code": activity.code}))


class FundingYearSerializer(serializers.Serializer):
    """A year with published funding sources, and where its figures are."""

    year = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, year: int) -> str:
        return absolute(reverse("api:funding-year-detail", kwargs={"year": year}))

    def to_representation(self, year):
        return {"year": year, "url": self.get_url(year)}


class FundingLineSerializer(serializers.Serializer):
    """A line of the transparency page: a named donor's contribution (with its original
    amount, currency and the rate's date), a category's sum, or every anonymous donor
    summed (``source_kind``). Amounts in USD, as decimal strings."""

    source = serializers.CharField()
    source_kind = serializers.ChoiceField(choices=["named", "category", "anonymous"])
    kind = serializers.CharField(allow_null=True)
    original_amount = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    original_currency = serializers.CharField(allow_null=True)
    rate_on = serializers.DateField(allow_null=True)
    financial_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    in_kind_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    earmarked_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    earmarked = serializers.BooleanField(allow_null=True)


class FundingFiguresSerializer(serializers.Serializer):
    """A year's funding sources as the public transparency page shows them: the totals
    and each line (anonymous donors never named, category-only donors by category)."""

    year = serializers.IntegerField()
    financial_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    in_kind_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    total_usd = serializers.DecimalField(max_digits=None, decimal_places=2)
    lines = FundingLineSerializer(many=True)
    page_url = serializers.CharField()
    csv_url = serializers.CharField()

    def to_representation(self, page):
        def line(item, source_kind):
            money = item.original
            return {
                "source": item.source,
                "source_kind": source_kind,
                "kind": item.kind or None,
                "original_amount": money.amount if money is not None else None,
                "original_currency": str(money.currency) if money is not None else None,
                "rate_on": item.rate_on,
                "financial_usd": item.financial_usd,
                "in_kind_usd": item.in_kind_usd,
                "earmarked_usd": item.restricted_usd,
                "earmarked": item.restricted,
            }

        lines = [
            *(line(item, "named") for item in page.named),
            *(line(item, "category") for item in page.categories),
            *([line(page.anonymous, "anonymous")] if page.anonymous else []),
        ]
        return super().to_representation(
            {
                "year": page.year,
                "financial_usd": page.financial_usd,
                "in_kind_usd": page.in_kind_usd,
                "total_usd": page.total_usd,
                "lines": lines,
                "page_url": absolute(reverse("funding:transparency") + f"?year={page.year}"),
                "csv_url": absolute(
                    reverse("funding:transparency_csv", kwargs={"year": page.year})
                ),
            }
        )
