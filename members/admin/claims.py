"""Requests to act for a known city; confirming one grants access to its pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.scoping import RegionScopedAdminMixin

from ..models import ActingClaim
from ..services import claims
from .base import NAME_FIELDS, DecisionActionsMixin


@admin.register(ActingClaim)
class ActingClaimAdmin(DecisionActionsMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """Requests to act for a known city; confirming one grants access to its pages."""

    region_lookup = "local_government__region"
    service_argument = "claim"
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

    @staticmethod
    def _label(claim: ActingClaim) -> str:
        return f"{claim.user} → {claim.local_government.name}"

    @admin.action(description=_("Confirm the selected requests"), permissions=["change"])
    def confirm(self, request, queryset):
        self._apply_service(
            request,
            queryset,
            claims.confirm_acting_claim,
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request confirmed.", "%(count)d requests confirmed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected requests"), permissions=["change"])
    def refuse(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            claims.refuse_acting_claim,
            title=_("Refuse these requests"),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request refused.", "%(count)d requests refused.", n)
                % {"count": n}
            ),
        )
