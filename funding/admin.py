from django.contrib import admin

from .models import Donor


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["organisation", "is_anonymous", "since"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
