from django.contrib import admin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import OVERSIGHT

from .models import ReportRequest


@admin.register(ReportRequest)
class ReportRequestAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = OVERSIGHT
    list_display = ["kind", "language", "requested_by", "status", "requested_at", "finished_at"]
    list_filter = ["kind", "status", "language"]
    readonly_fields = [f.name for f in ReportRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
