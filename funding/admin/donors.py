from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import Donor, SupportType
from .sections import FUNDING


@admin.register(Donor)
class DonorAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["organisation", "naming", "since"]
    list_filter = ["naming"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]


@admin.register(SupportType)
class SupportTypeAdmin(ScopedChoicesMixin, TranslationAdmin):
    """The types of support donors fund (seeded with the strategy's five)."""

    admin_section = FUNDING
    list_display = ["number", "title"]

    def has_delete_permission(self, request, obj=None):
        return False  # contributions and grants are reported by them
