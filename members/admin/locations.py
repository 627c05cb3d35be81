"""Changes of location officials proposed, decided by staff."""

from django.contrib import admin
from django.db.models import Case, When
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.scoping import RegionScopedAdminMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply
from scn_portal.web.bidi import arrow

from ..models import LocationChange
from ..services import locations
from .base import NAME_FIELDS
from .forms import ReasonForm
from .sections import MEMBERSHIP


@admin.register(LocationChange)
class LocationChangeAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Locations officials proposed for their city: the city keeps its recorded location
    (and any disputed-territory match) until staff accept one here."""

    admin_section = MEMBERSHIP
    region_lookup = "local_government__region"
    list_display = ["local_government", "change_summary", "status", "proposed_by", "proposed_at"]
    list_filter = ["status", ("local_government__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["local_government", "proposed_by"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    fields = [
        "local_government",
        "change_summary",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields
    actions = ["accept", "refuse"]

    def has_add_permission(self, request):
        return False  # officials propose from the member portal

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("members.decide_location_change")

    def get_queryset(self, request):
        # What waits for a decision comes first, oldest first; then the decided, newest first.
        waiting = Case(When(status=LocationChange.Status.PENDING, then=0), default=1)
        return (
            super()
            .get_queryset(request)
            .annotate(waiting=waiting)
            .order_by("waiting", Case(When(waiting=0, then="proposed_at")), "-proposed_at")
        )

    @admin.display(description=_("change"))
    def change_summary(self, obj: LocationChange) -> str:
        rows = obj.differences()
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: <bdi>{}</bdi> {} <bdi>{}</bdi></li>",
                (
                    (str(label).capitalize(), before, arrow(), after)
                    for label, before, after in rows
                ),
            ),
        )

    @staticmethod
    def _label(obj: LocationChange) -> str:
        return obj.local_government.name

    @admin.action(description=_("Accept the selected changes of location"), permissions=["review"])
    def accept(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda c: locations.accept_location_change(change=c, actor=request.user),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d change of location accepted.",
                    "%(count)d changes of location accepted.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected changes of location"), permissions=["review"])
    def refuse(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Refuse these changes of location"),
            apply=lambda c, data: locations.refuse_location_change(
                change=c, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d change of location refused.",
                    "%(count)d changes of location refused.",
                    n,
                )
                % {"count": n}
            ),
        )
