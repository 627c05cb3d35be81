from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Hub, HubStaff


class HubStaffInline(admin.TabularInline):
    model = HubStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Hub)
class HubAdmin(TabbedTranslationAdmin):
    list_display = ["name", "host", "is_active"]
    filter_horizontal = ["regions"]
    inlines = [HubStaffInline]
