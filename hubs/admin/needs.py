from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin.sections import NETWORK_DATA
from scn_portal.accounts.scoping import RegionScopedAdminMixin, ScopedChoicesMixin
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import CapacityGap, NeedsAssessment
from ..services.needs import record_needs_assessment


class CapacityGapInline(ScopedChoicesMixin, admin.TabularInline):
    model = CapacityGap
    extra = 1
    fields = ["priority", "severity", "description"]


@admin.register(NeedsAssessment)
class NeedsAssessmentAdmin(ServiceSaveMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """A city's needs as assessed on a date. Hub staff record and read those of the cities
    their hub serves; the Management Unit every city's. The needs map aggregates them."""

    admin_section = NETWORK_DATA
    region_lookup = "local_government__region"
    list_display = ["local_government", "assessed_on", "source", "gap_count"]
    list_filter = ["source", "priorities"]
    list_select_related = ["local_government"]
    search_fields = ["local_government__name"]
    date_hierarchy = "assessed_on"
    autocomplete_fields = ["local_government"]
    filter_horizontal = ["priorities"]
    fields = [
        "local_government",
        "assessed_on",
        "priorities",
        "current_capacities",
        "support_requested",
        "source",
        "recorded_by",
    ]
    readonly_fields = ["source", "recorded_by"]
    inlines = [CapacityGapInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(gaps_count=Count("gaps"))

    @admin.display(description=_("gaps"), ordering="gaps_count")
    def gap_count(self, obj) -> int:
        return obj.gaps_count

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        record_needs_assessment(assessment=obj, actor=request.user)
