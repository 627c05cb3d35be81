from django.contrib import admin

from .models import Expert, IscTerm


@admin.register(IscTerm)
class IscTermAdmin(admin.ModelAdmin):
    list_display = ["person", "local_government", "starts_on", "ends_on"]
    list_select_related = ["person", "local_government"]
    search_fields = ["person__full_name", "local_government__name"]
    autocomplete_fields = ["person", "local_government"]
    raw_id_fields = ["previous"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["person", "profile", "is_active"]
    list_filter = ["profile", "is_active"]
    list_select_related = ["person"]
    search_fields = ["person__full_name", "expertise"]
    autocomplete_fields = ["person"]
