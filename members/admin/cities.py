"""Local governments and the officials who act for them."""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import (
    RegionScopedAdminMixin,
    ScopedChoicesMixin,
    visible_region_ids,
)
from scn_portal.web.admin_filters import ADMIN_LIST_CSS
from scn_portal.web.admin_lists import LargeListAdminMixin, choice_label
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import LOCATION_FIELDS, LocalGovernment, Official, Region
from ..names import country_name
from ..services import cities
from .base import NAME_FIELDS, DerivedMatchesMixin, save_officials
from .filters import CountryFilter
from .sections import NETWORK_DATA


class OfficialInline(ScopedChoicesMixin, admin.TabularInline):
    """Who acts for the city. A role ends by unticking "active" (``people.end_official``):
    the row stays as the record that the person acted for the city."""

    model = Official
    fields = ["person", "role", "is_active"]
    extra = 0
    can_delete = False
    autocomplete_fields = ["person"]


class CityCountryFilter(CountryFilter):
    country_lookup = "country"


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(
    LargeListAdminMixin,
    ServiceSaveMixin,
    DerivedMatchesMixin,
    RegionScopedAdminMixin,
    TranslationAdmin,
):
    """The network's local governments. Never deleted: a city's memberships, commitments
    and officials are its history (a city that leaves is withdrawn, not erased)."""

    admin_section = NETWORK_DATA
    list_display = ["name", "kind", "country_name", "region", "population", "membership_status"]
    list_filter = ["region", CityCountryFilter, "kind", "membership__status"]
    list_select_related = ["region", "membership"]
    search_fields = [*NAME_FIELDS, "subdivision"]
    filter_horizontal = ["priorities"]
    inlines = [OfficialInline]

    class Media:
        css = {"all": [ADMIN_LIST_CSS]}

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj: LocalGovernment) -> str:
        # By code from the names of the language (not the field's 250 choices per cell).
        return country_name(obj.country.code)

    @admin.display(description=_("membership"), ordering="membership__status")
    def membership_status(self, obj: LocalGovernment) -> str:
        try:
            return choice_label(obj.membership, "status")
        except ObjectDoesNotExist:
            return "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            allowed = visible_region_ids(request.user)
            if allowed is not None:
                kwargs["queryset"] = Region.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # What the eligibility check reads is changed only by those who decide changes of
        # location (hub staff propose nothing here: they see the fields).
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("members.decide_location_change"):
            fields += [*LOCATION_FIELDS, "region"]
        return fields

    def save_model(self, request, obj, form, change):
        cities.save_city_record(local_government=obj, changed=form.changed_data, actor=request.user)

    def save_related(self, request, form, formsets, change):
        if "priorities" in form.cleaned_data:
            cities.set_city_priorities(
                local_government=form.instance,
                priorities=form.cleaned_data["priorities"],
                actor=request.user,
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        save_officials(formset, actor=request.user)
