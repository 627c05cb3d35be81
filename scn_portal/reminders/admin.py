from django.contrib import admin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import OVERSIGHT, ReadOnlyAdminMixin

from .models import ReminderDelivery


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """Read-only: staff diagnose a missing reminder here; nobody edits the record."""

    admin_section = OVERSIGHT

    list_display = ["rule", "email", "occasion", "language", "status", "attempts", "sent_at"]
    list_filter = ["rule", "status", "language"]
    search_fields = ["email", "occasion"]
    date_hierarchy = "created_at"
