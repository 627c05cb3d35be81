from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, register_admin_section

from .models import Donor

FUNDING = register_admin_section(
    AdminSection(code="funding", order=50, title=_("Donors and funding"))
).code


@admin.register(Donor)
class DonorAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["organisation", "is_anonymous", "since"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
