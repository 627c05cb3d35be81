"""The applications queue: filter, read the eligibility result, decide, export.

Decisions go through ``members.services.applications``, which owns the state machine and
queues the decision email; nothing here changes a status directly."""

import csv
import io

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import RegionScopedAdminMixin, ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import Commitment, Membership, MembershipTransition, Official
from ..services import applications, memberships
from .base import NAME_FIELDS
from .filters import (
    WAITING_STATUSES,
    CommitmentFilter,
    CountryFilter,
    EligibilityFilter,
    RegionFilter,
    StatusFilter,
    WaitingFilter,
    _with_eligibility,
    eligibility_summary,
    eligibility_text,
    safe_cell,
)
from .forms import ReasonForm


class MembershipTransitionInline(ScopedChoicesMixin, admin.TabularInline):
    """The status history, newest first; never edited."""

    model = MembershipTransition
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("members.view_membership")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Membership)
class MembershipAdmin(ServiceSaveMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """The applications queue: filter, read the eligibility result, decide, export."""

    region_lookup = "local_government__region"
    list_display = [
        "city",
        "country",
        "region",
        "status",
        "eligibility",
        "submitted_at",
        "waiting",
        "joined_on",
    ]
    list_filter = [
        StatusFilter,
        RegionFilter,
        CountryFilter,
        EligibilityFilter,
        CommitmentFilter,
        WaitingFilter,
    ]
    list_select_related = ["local_government__region"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    autocomplete_fields = ["local_government"]
    inlines = [MembershipTransitionInline]
    actions = [
        "approve",
        "reject",
        "request_information",
        "export_csv",
        "export_xlsx",
    ]
    readonly_fields = [
        "city",
        "status",
        "eligibility_detail",
        "commitment",
        "contacts",
        "submitted_at",
        "status_changed_at",
        "application_started_at",
        "applied_by",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["local_government"]
        return [
            "city",
            "status",
            "eligibility_detail",
            "commitment",
            "contacts",
            "submitted_at",
            "status_changed_at",
            "joined_on",
            "terms",
            "application_started_at",
            "applied_by",
        ]

    def get_queryset(self, request):
        return _with_eligibility(super().get_queryset(request))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/commitments/<int:commitment_id>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="{}_{}_letter".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("members.decide_membership")

    def save_model(self, request, obj, form, change):
        # A status changes only through the decisions below.
        if change:
            memberships.correct_membership_record(
                membership=obj, joined_on=obj.joined_on, terms=obj.terms, actor=request.user
            )
        else:
            memberships.record_prospect(membership=obj, actor=request.user)

    # Columns and read-only fields

    @admin.display(description=_("city"), ordering="local_government__name")
    def city(self, obj: Membership) -> str:
        return obj.local_government.name

    @admin.display(description=_("country"), ordering="local_government__country")
    def country(self, obj: Membership) -> str:
        return obj.local_government.country.name

    @admin.display(description=_("region"), ordering="local_government__region__order")
    def region(self, obj: Membership) -> str:
        return str(obj.local_government.region or "—")

    @admin.display(description=_("eligibility"))
    def eligibility(self, obj: Membership) -> str:
        return eligibility_text(obj.local_government)

    @admin.display(description=_("eligibility check"))
    def eligibility_detail(self, obj: Membership) -> str:
        result, matches = eligibility_summary(obj.local_government)
        if result == "eligible":
            return eligibility_text(obj.local_government)
        rows = format_html_join(
            "",
            "<li>{} — {}: {}</li>",
            (
                (
                    m.territory.name,
                    m.get_rule_display(),
                    m.territory.reference,
                )
                for m in matches
            ),
        )
        heading = (
            _("Inside a disputed territory")
            if result == "inside"
            else _("Overridden (reviewed false positive)")
        )
        return format_html("<strong>{}</strong><ul>{}</ul>", heading, rows)

    @admin.display(description=_("waiting"), ordering="submitted_at")
    def waiting(self, obj: Membership) -> str:
        if obj.status not in WAITING_STATUSES or obj.submitted_at is None:
            return "—"
        days = (timezone.now() - obj.submitted_at).days
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}

    @admin.display(description=_("commitment to the guiding principles"))
    def commitment(self, obj: Membership) -> str:
        commitments = Commitment.objects.filter(
            local_government=obj.local_government_id
        ).select_related("version")
        if not commitments:
            return gettext("None yet.")
        rows = []
        for c in commitments:
            letter = "—"
            if c.letter:
                url = reverse(
                    f"{self.admin_site.name}:members_membership_letter", args=[obj.pk, c.pk]
                )
                letter = format_html(
                    '<a href="{}">{}</a>', url, gettext("Download the signed letter")
                )
            rows.append(
                (
                    c.version,
                    c.signatory_name,
                    c.signatory_title,
                    c.get_signatory_role_display(),
                    c.signed_on,
                    letter,
                )
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}, {} ({}), {} — {}</li>", rows),
        )

    @admin.display(description=_("contacts"))
    def contacts(self, obj: Membership) -> str:
        officials = Official.objects.filter(
            local_government=obj.local_government_id
        ).select_related("person")
        if not officials:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {}, {}{}</li>",
                (
                    (
                        o.person.full_name,
                        o.get_role_display(),
                        o.person.email or "—",
                        "" if o.is_active else format_html(" ({})", gettext("inactive")),
                    )
                    for o in officials
                ),
            ),
        )

    # The signed letter: only through this view, only to staff who may see the row.

    def letter_view(self, request, object_id, commitment_id):
        membership = self.get_object(request, unquote(object_id))
        if membership is None or not self.has_view_permission(request, membership):
            # Outside the staff member's regions it "does not exist"; that is a refusal.
            raise Refused
        commitment = get_object_or_404(
            Commitment, pk=commitment_id, local_government_id=membership.local_government_id
        )
        if not commitment.letter:
            raise Http404
        name = slugify(membership.local_government.name_en or "city") or "city"
        return FileResponse(
            commitment.letter.open("rb"),
            as_attachment=True,
            filename=f"commitment-{name}-{commitment.signed_on:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )

    # Decisions: each through the service; a refusal leaves that row as it was.

    @staticmethod
    def _label(obj: Membership) -> str:
        return obj.local_government.name

    @admin.action(description=_("Approve the selected applications"), permissions=["decide"])
    def approve(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda m: applications.approve_membership(membership=m, actor=request.user),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application approved.", "%(count)d applications approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["decide"])
    def reject(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Reject these applications"),
            apply=lambda m, data: applications.reject_membership(
                membership=m, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application rejected.", "%(count)d applications rejected.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Ask the applicants for more information"), permissions=["decide"])
    def request_information(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            title=_("Ask for more information"),
            apply=lambda m, data: applications.request_more_information(
                membership=m, actor=request.user, reason=data["reason"]
            ),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d application sent back to the applicant.",
                    "%(count)d applications sent back to the applicants.",
                    n,
                )
                % {"count": n}
            ),
        )

    # Exports of what the filters selected (the queryset is already scoped to the hub).

    def export_header(self) -> list[str]:
        return [
            gettext("City"),
            gettext("Country"),
            gettext("Region"),
            gettext("Kind"),
            gettext("Status"),
            gettext("Submitted"),
            gettext("Joined"),
            gettext("Eligibility"),
        ]

    def export_rows(self, queryset):
        for m in queryset:
            lg = m.local_government
            yield [
                lg.name,
                lg.country.name,
                str(lg.region or ""),
                lg.get_kind_display(),
                m.get_status_display(),
                timezone.localtime(m.submitted_at).date() if m.submitted_at else None,
                m.joined_on,
                eligibility_text(lg),
            ]

    def _filename(self, extension: str) -> str:
        return f"memberships-{timezone.localdate():%Y-%m-%d}.{extension}"

    @admin.action(description=_("Export the selected rows to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so spreadsheet programs read Arabic names as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(self.export_header())
        for row in self.export_rows(queryset):
            writer.writerow(["" if v is None else safe_cell(str(v)) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self._filename("csv")}"'
        return response

    @admin.action(description=_("Export the selected rows to Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(_("Memberships"))[:31])
        sheet.append(self.export_header())
        for row in self.export_rows(queryset):
            sheet.append([safe_cell(v) for v in row])
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self._filename("xlsx")}"'
        return response
