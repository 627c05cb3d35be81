from django.contrib import admin

from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import Donor
from .sections import FUNDING


@admin.register(Donor)
class DonorAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["organisation", "is_anonymous", "since"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
