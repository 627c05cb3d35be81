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

from ..models import LOCATION_FIELDS, LocalGovernment, Official, Region
from ..services import locations
from .base import NAME_FIELDS, DerivedMatchesMixin


class OfficialInline(ScopedChoicesMixin, admin.TabularInline):
    model = Official
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(DerivedMatchesMixin, RegionScopedAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "country", "region", "population", "membership_status"]
    list_filter = ["region", "kind", "membership__status"]
    list_select_related = ["region", "membership"]
    search_fields = [*NAME_FIELDS, "subdivision"]
    filter_horizontal = ["priorities"]
    inlines = [OfficialInline]

    @admin.display(description=_("membership"), ordering="membership__status")
    def membership_status(self, obj: LocalGovernment) -> str:
        try:
            return obj.membership.get_status_display()
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
        # The region follows the country unless staff chose one themselves.
        if obj.region_id is None or (
            "country" in form.changed_data and "region" not in form.changed_data
        ):
            derived = obj.derive_region()
            if derived is not None:
                obj.region = derived
        super().save_model(request, obj, form, change)
        if not change or set(LOCATION_FIELDS) & set(form.changed_data):
            locations.record_staff_location_change(local_government=obj, actor=request.user)
