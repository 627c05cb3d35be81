"""Requests to act for a known city; confirming one grants access to its pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.scoping import RegionScopedAdminMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply
from scn_portal.web.bidi import arrow

from ..models import ActingClaim
from ..services import claims
from .base import NAME_FIELDS
from .forms import ReasonForm
from .sections import MEMBERSHIP


@admin.register(ActingClaim)
class ActingClaimAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Requests to act for a known city; confirming one grants access to its pages.
    Confirmed or refused, a request stays: it is the record of who gave access, and why."""

    admin_section = MEMBERSHIP

    region_lookup = "local_government__region"
    list_display = [
        "user",
        "local_government",
        "role",
        "position",
        "status",
        "created_at",
        "decided_by",
    ]
    list_filter = ["status", "role", ("local_government__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "local_government", "decided_by"]
    search_fields = [
        "user__email",
        "user__full_name",
        *(f"local_government__{f}" for f in NAME_FIELDS),
    ]
    readonly_fields = [
        "user",
        "local_government",
        "role",
        "position",
        "note",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    fields = readonly_fields
    actions = ["confirm", "refuse"]

    def has_add_permission(self, request):
        return False  # people ask from the member portal

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _label(claim: ActingClaim) -> str:
        return f"{claim.user} {arrow()} {claim.local_government.name}"

    @admin.action(description=_("Confirm the selected requests"), permissions=["change"])
    def confirm(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda c: claims.confirm_acting_claim(claim=c, actor=request.user),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request confirmed.", "%(count)d requests confirmed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected requests"), permissions=["change"])
    def refuse(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Refuse these requests"),
            apply=lambda c, data: claims.refuse_acting_claim(
                claim=c, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request refused.", "%(count)d requests refused.", n)
                % {"count": n}
            ),
        )
