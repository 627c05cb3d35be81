"""Invitations officials sent to colleagues."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.scoping import RegionScopedAdminMixin
from scn_portal.admin_site import PEOPLE_AND_ACCOUNTS

from ..models import Invitation
from ..services import invitations
from .base import NAME_FIELDS


class SentFilter(admin.SimpleListFilter):
    title = _("sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", _("Sent")), ("no", _("Not sent"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Invitations officials sent to colleagues: read here, sent again if the email did not
    go out. They are written by the portal, never by hand. Listed with people and
    accounts: an invitation is how a colleague gets an account for a city."""

    admin_section = PEOPLE_AND_ACCOUNTS
    region_lookup = "local_government__region"
    list_display = ["email", "local_government", "language", "invited_by", "created_at", "sent_at"]
    list_filter = [SentFilter, "language"]
    list_select_related = ["local_government", "invited_by"]
    search_fields = ["email", *(f"local_government__{field}" for field in NAME_FIELDS)]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # they expire after INVITATION_RETENTION_DAYS, audit copies included

    def has_resend_permission(self, request):
        return request.user.has_perm("members.change_invitation")

    @admin.action(
        description=_("Send the selected invitations that did not go out"),
        permissions=["resend"],
    )
    def send_again(self, request, queryset):
        n = invitations.send_invitations_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d invitation will be sent again.",
                "%(count)d invitations will be sent again.",
                n,
            )
            % {"count": n},
            messages.SUCCESS if n else messages.WARNING,
        )
