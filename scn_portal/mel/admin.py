"""MEL in the admin: indicators with their targets, the values staff record, the snapshots
(read only; a re-run is a staff page) and the texts of the annual report."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, ReadOnlyAdminMixin, register_admin_section

from . import services
from .forms import IndicatorAdminForm
from .models import AnnualReportText, Indicator, RecordedValue, Snapshot, Target
from .registry import get_measure

MEL = register_admin_section(
    AdminSection(code="mel", order=58, title=_("Monitoring, evaluation and learning"))
).code


class TargetInline(ScopedChoicesMixin, admin.TabularInline):
    model = Target
    extra = 1
    fields = ["year", "value"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = MEL
    form = IndicatorAdminForm
    list_display = ["name", "priority", "unit", "source", "measure_label", "is_public"]
    list_select_related = ["priority"]
    list_filter = ["priority", "source", "unit", "is_public", "is_active"]
    search_fields = ["code", "name_en", "name_ar", "name_fr", "name_es"]
    inlines = [TargetInline]

    @admin.display(description=_("measure"))
    def measure_label(self, obj):
        measure = get_measure(obj.measure)
        return measure.label if measure else "—"


@admin.register(RecordedValue)
class RecordedValueAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = MEL
    list_display = ["indicator", "period", "disaggregation", "value", "source", "recorded_by"]
    list_filter = ["indicator", "period"]
    fields = ["indicator", "period", "disaggregation", "value", "source", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            kwargs["queryset"] = Indicator.objects.filter(source=Indicator.Source.RECORDED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.save_recorded_value(row=obj, actor=request.user)


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = MEL
    list_display = ["indicator", "period", "disaggregation", "revision", "value", "records"]
    list_filter = ["period", "indicator"]
    list_select_related = ["indicator"]
    exclude = ["record_ids"]

    @admin.display(description=_("records counted"))
    def records(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("mel:records", args=[obj.pk]), len(obj.record_ids)
        )


@admin.register(AnnualReportText)
class AnnualReportTextAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = MEL
    list_display = ["year"]
