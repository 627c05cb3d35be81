"""The network's own content staff keep: regions, countries' regions, priorities,
organisations."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import CountryRegion, Organisation, Region, StrategicPriority


@admin.register(Region)
class RegionAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(CountryRegion)
class CountryRegionAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["country", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["number", "title", "code"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
