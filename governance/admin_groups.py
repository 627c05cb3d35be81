"""Admin of working groups, the pool of experts and their engagements."""

from django.contrib import admin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["person", "profile", "is_active"]
    list_filter = ["profile", "is_active"]
    list_select_related = ["person"]
    search_fields = ["person__full_name", "expertise"]
    autocomplete_fields = ["person"]
