"""Every membership, whatever its status: filter, read, correct the record, decide, export.

The open applications have their own list (``applications.py``); both decide through
``decisions.DecisionActionsMixin``, which calls ``members.services.applications``."""

import csv
import io

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as django_countries

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import RegionScopedAdminMixin
from scn_portal.web.admin_filters import ADMIN_LIST_CSS
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import Commitment, LocalGovernment, Membership
from ..services import memberships
from .base import NAME_FIELDS
from .decisions import ApplicationColumnsMixin, DecisionActionsMixin, MembershipTransitionInline
from .filters import (
    CommitmentFilter,
    CountryFilter,
    EligibilityFilter,
    RegionFilter,
    StatusFilter,
    WaitingFilter,
    _with_eligibility,
    eligibility_text,
    safe_cell,
)
from .sections import MEMBERSHIP

# Rows read from the database at a time by the exports.
EXPORT_CHUNK = 1000


class _Line:
    """A file for ``csv.writer`` that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


@admin.register(Membership)
class MembershipAdmin(
    LargeListAdminMixin,
    DecisionActionsMixin,
    ApplicationColumnsMixin,
    ServiceSaveMixin,
    RegionScopedAdminMixin,
    admin.ModelAdmin,
):
    """Every membership: filter, read the eligibility result, correct, decide, export.
    Never deleted: a membership ends through the decisions (withdrawn, lapsed, rejected)."""

    admin_section = MEMBERSHIP

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

    class Media:
        css = {"all": [ADMIN_LIST_CSS]}

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

    def has_delete_permission(self, request, obj=None):
        return False  # a membership ends through a decision, and its history stays

    def save_model(self, request, obj, form, change):
        # A status changes only through the decisions.
        if change:
            memberships.correct_membership_record(
                membership=obj, joined_on=obj.joined_on, terms=obj.terms, actor=request.user
            )
        else:
            memberships.record_prospect(membership=obj, actor=request.user)

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
        """The rows of the export, read in chunks (never the whole list at once), with each
        label translated once per export rather than once per row."""
        kinds = {value: str(label) for value, label in LocalGovernment.Kind.choices}
        statuses = {value: str(label) for value, label in Membership.Status.choices}
        countries = {code: str(name) for code, name in django_countries}
        rows = queryset.select_related("local_government__region")
        for m in rows.iterator(chunk_size=EXPORT_CHUNK):
            lg = m.local_government
            yield [
                lg.name,
                countries.get(lg.country.code, lg.country.code),
                str(lg.region or ""),
                kinds.get(lg.kind, lg.kind),
                statuses.get(m.status, m.status),
                timezone.localtime(m.submitted_at).date() if m.submitted_at else None,
                m.joined_on,
                eligibility_text(lg),
            ]

    def _filename(self, extension: str) -> str:
        return f"memberships-{timezone.localdate():%Y-%m-%d}.{extension}"

    @admin.action(description=_("Export the selected rows to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        # Streamed: 25,000 rows go out as they are read, and the worker's memory stays flat.
        response = StreamingHttpResponse(
            self.csv_lines(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self._filename("csv")}"'
        return response

    def csv_lines(self, queryset):
        buffer = _Line()
        writer = csv.writer(buffer)
        # The byte-order mark, so spreadsheet programs read Arabic names as UTF-8.
        yield "\ufeff" + writer.writerow(self.export_header())
        for row in self.export_rows(queryset):
            yield writer.writerow(["" if v is None else safe_cell(str(v)) for v in row])

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
