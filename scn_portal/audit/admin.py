from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import OVERSIGHT, ReadOnlyAdminMixin
from scn_portal.web.bidi import arrow

from .events import registered_events
from .models import AuditEntry
from .presentation import entry_rows, who


class SourceKindFilter(admin.SimpleListFilter):
    title = _("through")
    parameter_name = "through"

    def lookups(self, request, model_admin):
        return [
            ("web", _("Portal pages")),
            ("admin", _("Administration")),
            ("task", _("Background tasks")),
            ("command", _("Management commands")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("web", "admin"):
            return queryset.filter(source=value)
        if value in ("task", "command"):
            return queryset.filter(source__startswith=f"{value}:")
        return queryset


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return sorted(registered_events().items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(event=value) if value else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """The whole trail, read-only: nobody adds, edits or deletes an entry."""

    admin_section = OVERSIGHT

    list_display = [
        "at",
        "what_happened",
        "content_type",
        "object_repr",
        "who",
        "source",
        "ip_address",
    ]
    list_filter = ["action", EventFilter, SourceKindFilter, "content_type", "at"]
    search_fields = ["object_repr", "actor_label", "object_id", "ip_address"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    fields = [
        "at",
        "what_happened",
        "content_type",
        "object_id",
        "object_repr",
        "who",
        "source",
        "ip_address",
        "path",
        "what_changed",
    ]
    readonly_fields = fields

    @admin.display(description=_("what happened"), ordering="event")
    def what_happened(self, entry):
        return entry.what_happened()

    @admin.display(description=_("who"))
    def who(self, entry):
        return who(entry)

    @admin.display(description=_("what changed"))
    def what_changed(self, entry):
        from django.utils.html import format_html_join

        rows = entry_rows(entry)
        if not rows:
            return "—"
        return format_html_join(
            "",
            "<div><strong>{}</strong>: <bdi>{}</bdi> {} <bdi>{}</bdi></div>",
            ((r["field"], r["before"], arrow(), r["after"]) for r in rows),
        )
