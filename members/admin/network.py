"""The network's own content staff keep: regions, countries' regions, priorities,
organisations."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import CountryRegion, Organisation, Region, StrategicPriority
from .sections import NETWORK_DATA


@admin.register(Region)
class RegionAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = NETWORK_DATA
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(CountryRegion)
class CountryRegionAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = NETWORK_DATA
    list_display = ["country", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = NETWORK_DATA
    list_display = ["number", "title", "code"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = NETWORK_DATA
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
