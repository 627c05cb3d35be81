"""The Applications list: what staff decide today, the longest waiting first.

The open applications staff have received (``Membership.objects.submitted_applications()``):
under review, found ineligible, or sent back to the applicant for more information. Each
row says how long it has waited, what the eligibility check found and by which rule; the
decisions are the Membership list's (``decisions.DecisionActionsMixin``). Every other
membership stays in the Membership list.

An application is a membership: whoever may see or decide memberships may see or decide
applications (the proxy has no permissions of its own). Nobody adds, edits or deletes one
here: officials apply in the portal, and staff decide.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import RegionScopedAdminMixin
from scn_portal.admin_site import ReadOnlyAdminMixin
from scn_portal.web.admin_filters import ADMIN_LIST_CSS
from scn_portal.web.admin_lists import LargeListAdminMixin, choice_label

from ..models import Application, Membership
from .base import NAME_FIELDS
from .decisions import (
    ApplicationColumnsMixin,
    DecisionActionsMixin,
    MembershipTransitionInline,
    days_since,
)
from .filters import (
    CountryFilter,
    EligibilityFilter,
    RegionFilter,
    _with_eligibility,
    eligibility_summary,
)
from .sections import MEMBERSHIP

S = Membership.Status


class ApplicationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (S.UNDER_REVIEW, S.UNDER_REVIEW.label),
            (S.INELIGIBLE, S.INELIGIBLE.label),
            (S.APPLICANT, _("Sent back to the applicant")),
        ]

    def queryset(self, request, queryset):
        if self.value() in (S.UNDER_REVIEW, S.INELIGIBLE, S.APPLICANT):
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Application)
class ApplicationAdmin(
    LargeListAdminMixin,
    ReadOnlyAdminMixin,
    DecisionActionsMixin,
    ApplicationColumnsMixin,
    RegionScopedAdminMixin,
    admin.ModelAdmin,
):
    admin_section = MEMBERSHIP

    region_lookup = "local_government__region"
    list_display = [
        "city",
        "country",
        "status_label",
        "submitted",
        "waiting",
        "eligibility_result",
        "rule",
    ]
    list_display_links = ["city"]
    list_filter = [ApplicationStatusFilter, RegionFilter, CountryFilter, EligibilityFilter]
    list_select_related = ["local_government__region"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    ordering = ["submitted_at", "pk"]
    actions = ["approve", "reject", "request_information"]
    inlines = [MembershipTransitionInline]
    fields = [
        "city",
        "status_label",
        "waiting",
        "eligibility_detail",
        "commitment",
        "contacts",
        "submitted_at",
        "application_started_at",
        "applied_by",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": [ADMIN_LIST_CSS]}

    def get_queryset(self, request):
        return _with_eligibility(super().get_queryset(request).submitted_applications())

    # An application is a membership: the membership's permissions, and only to read.

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("members.view_membership")

    # Columns

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Membership) -> str:
        if obj.status == S.APPLICANT:
            return gettext("Sent back to the applicant")
        return choice_label(obj, "status")

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj: Membership):
        return timezone.localtime(obj.submitted_at).date() if obj.submitted_at else "—"

    @admin.display(description=_("waiting"), ordering="submitted_at")
    def waiting(self, obj: Membership) -> str:
        return days_since(obj.submitted_at) if obj.submitted_at else "—"

    @admin.display(description=_("eligibility"))
    def eligibility_result(self, obj: Membership) -> str:
        result, matches = eligibility_summary(obj.local_government)
        if result == "eligible":
            return gettext("Eligible")
        heading = (
            gettext("Inside a disputed territory")
            if result == "inside"
            else gettext("Reviewed false positive (overridden)")
        )
        return format_html(
            "{}: {}", heading, ", ".join(dict.fromkeys(m.territory.name for m in matches))
        )

    @admin.display(description=_("rule that matched"))
    def rule(self, obj: Membership) -> str:
        _result, matches = eligibility_summary(obj.local_government)
        if not matches:
            return "—"
        return format_html(
            '<ul class="cell-list">{}</ul>',
            format_html_join("", "<li>{}</li>", ((m.get_rule_display(),) for m in matches)),
        )
