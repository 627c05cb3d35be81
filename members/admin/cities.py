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
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows

from ..models import LOCATION_FIELDS, LocalGovernment, Official, Region
from ..services import cities, people
from .base import NAME_FIELDS, DerivedMatchesMixin


class OfficialInline(ScopedChoicesMixin, admin.TabularInline):
    model = Official
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(
    ServiceSaveMixin, DerivedMatchesMixin, RegionScopedAdminMixin, TranslationAdmin
):
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
        save_rows(
            formset,
            add=lambda o: people.save_official(official=o, actor=request.user),
            change=lambda o, _changed: people.save_official(official=o, actor=request.user),
            remove=lambda o: people.remove_official(official=o, actor=request.user),
        )
