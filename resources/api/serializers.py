"""Exactly what each endpoint of the public API shows: every field is listed here, and a
test checks that nothing else ever appears (no email, no note, no draft)."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
