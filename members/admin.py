from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from scn_portal.accounts.scoping import RegionScopedAdminMixin

from .models import (
    CountryRegion,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    Official,
    Organisation,
    Person,
    PrincipleVersion,
    Region,
    StrategicPriority,
)


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(CountryRegion)
class CountryRegionAdmin(admin.ModelAdmin):
    list_display = ["country", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(TranslationAdmin):
    list_display = ["number", "title", "code"]


class GuidingPrincipleInline(TranslationTabularInline):
    model = GuidingPrinciple
    extra = 0


@admin.register(PrincipleVersion)
class PrincipleVersionAdmin(admin.ModelAdmin):
    list_display = ["label", "effective_on"]
    inlines = [GuidingPrincipleInline]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(RegionScopedAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "country", "region", "population"]
    list_filter = ["region", "kind", "membership__status"]
    list_select_related = ["region"]
    search_fields = ["name", "subdivision"]
    filter_horizontal = ["priorities"]
    inlines = [OfficialInline]


@admin.register(Membership)
class MembershipAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "local_government__region"
    list_display = ["local_government", "status", "joined_on"]
    list_filter = ["status"]
    list_select_related = ["local_government"]
    search_fields = ["local_government__name"]
    autocomplete_fields = ["local_government"]


@admin.register(Person)
class PersonAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "officials__local_government__region"
    list_display = ["full_name", "email", "title", "user"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["user"]
