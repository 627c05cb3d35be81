"""The disputed-territory list, what the check found, and reviewed false positives."""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import RegionScopedAdminMixin, ScopedChoicesMixin
from scn_portal.admin_site import ReadOnlyAdminMixin
from scn_portal.web.admin_filters import ADMIN_LIST_CSS
from scn_portal.web.admin_lists import choice_label
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import DisputedTerritory, EligibilityOverride, TerritoryMatch
from ..services import screening
from .base import NAME_FIELDS, DerivedMatchesMixin
from .forms import DisputedTerritoryForm, EligibilityOverrideForm
from .sections import MEMBERSHIP


@admin.register(DisputedTerritory)
class DisputedTerritoryAdmin(
    ServiceSaveMixin, ScopedChoicesMixin, DerivedMatchesMixin, TranslationAdmin
):
    """Staff keep the list; every change re-screens members and applicants (Celery)."""

    admin_section = MEMBERSHIP
    form = DisputedTerritoryForm
    fields = [
        "name",
        "countries",
        "subdivision_codes",
        "boundary",
        "boundary_file",
        "reference",
        "is_active",
    ]
    list_display = [
        "name",
        "country_codes",
        "codes",
        "has_boundary",
        "is_active",
        "cities_inside",
        "updated_at",
    ]
    list_filter = ["is_active"]
    search_fields = [*NAME_FIELDS, "reference"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(inside=Count("matches__local_government", distinct=True))
        )

    @admin.display(description=_("countries"))
    def country_codes(self, obj: DisputedTerritory) -> str:
        return ", ".join(obj.countries or [])

    @admin.display(description=_("ISO 3166-2 codes"))
    def codes(self, obj: DisputedTerritory) -> str:
        return ", ".join(obj.subdivision_codes or []) or "—"

    @admin.display(description=_("boundary"), boolean=True)
    def has_boundary(self, obj: DisputedTerritory) -> bool:
        return bool(obj.boundary)

    @admin.display(description=_("members and applicants inside"), ordering="inside")
    def cities_inside(self, obj: DisputedTerritory) -> str:
        url = reverse("admin:members_territorymatch_changelist") + f"?territory__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.inside)

    def save_model(self, request, obj, form, change):
        screening.save_disputed_territory(territory=obj, actor=request.user)

    def delete_model(self, request, obj):
        screening.remove_disputed_territories(territories=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        screening.remove_disputed_territories(territories=queryset, actor=request.user)


@admin.register(TerritoryMatch)
class TerritoryMatchAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """What the check found: the members and applicants a change of the list affects."""

    admin_section = MEMBERSHIP
    region_lookup = "local_government__region"
    list_display = [
        "local_government",
        "country",
        "region",
        "status",
        "territory",
        "rule",
        "found_at",
    ]
    list_filter = [
        "territory",
        "rule",
        ("local_government__membership__status", admin.ChoicesFieldListFilter),
        "local_government__region",
    ]
    list_select_related = ["local_government__region", "local_government__membership", "territory"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]

    class Media:
        css = {"all": [ADMIN_LIST_CSS]}

    @admin.display(description=_("country"), ordering="local_government__country")
    def country(self, obj: TerritoryMatch) -> str:
        return obj.local_government.country.name

    @admin.display(description=_("region"))
    def region(self, obj: TerritoryMatch) -> str:
        return str(obj.local_government.region or "—")

    @admin.display(description=_("membership"), ordering="local_government__membership__status")
    def status(self, obj: TerritoryMatch) -> str:
        try:
            return choice_label(obj.local_government.membership, "status")
        except ObjectDoesNotExist:
            return "—"


@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(ServiceSaveMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """Reviewed false positives: recorded by staff with the dedicated permission, then kept
    as they are (never edited or deleted)."""

    admin_section = MEMBERSHIP
    region_lookup = "local_government__region"
    form = EligibilityOverrideForm
    list_display = ["local_government", "territory", "recorded_by", "recorded_at"]
    list_filter = ["territory"]
    list_select_related = ["local_government", "territory", "recorded_by"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    autocomplete_fields = ["local_government", "territory"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["local_government", "territory", "justification", "recorded_by", "recorded_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["local_government", "territory", "justification"]
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return request.user.has_perm("members.override_eligibility")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        override = screening.record_eligibility_override(
            local_government=obj.local_government,
            territory=obj.territory,
            justification=obj.justification,
            actor=request.user,
        )
        obj.pk = override.pk
        obj.recorded_by = override.recorded_by
        obj.recorded_at = override.recorded_at
        obj._state.adding = False
