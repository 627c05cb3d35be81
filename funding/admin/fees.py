"""Membership fees in the admin: the schedule, the invoices, and the actions that issue
them, record a payment, waive a fee (each through ``funding.services.fees``, which
refuses while fees are switched off), and the invoices' PDFs, rendered by the report
framework in each city's language and downloaded from the Reports page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply

from ..models import FeeInvoice, FeeSchedule
from ..reports import request_fee_invoice
from ..services import fees
from .sections import FUNDING


@admin.register(FeeSchedule)
class FeeScheduleAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["__str__", "kind", "population_from", "population_to", "amount"]


class WaiverForm(forms.Form):
    reason = forms.CharField(label=_("reason for the waiver"), widget=forms.Textarea)


class IssueForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2015)


@admin.register(FeeInvoice)
class FeeInvoiceAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Invoices are issued by the action on the fee schedule's year, never typed in."""

    admin_section = FUNDING
    list_display = ["number", "local_government", "year", "amount", "status"]
    list_filter = ["year", "status"]
    list_select_related = ["local_government"]
    search_fields = ["number", "local_government__name"]
    readonly_fields = [
        "number",
        "local_government",
        "year",
        "amount",
        "status",
        "issued_on",
        "paid_on",
        "waiver_reason",
    ]
    actions = ["invoice_pdf", "mark_paid", "waive"]
    change_list_template = "admin/funding/feeinvoice/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Invoices as PDF, in each city's language"), permissions=["change"])
    def invoice_pdf(self, request, queryset):
        """Queue each selected invoice's PDF; they appear under Reports when ready."""
        if not request.user.has_perm("funding.request_fee_invoice"):
            raise Refused
        apply_to_each(
            self,
            request,
            queryset.select_related("local_government"),
            lambda invoice: request_fee_invoice(invoice=invoice, actor=request.user),
            done=lambda n: (
                ngettext(
                    "%(count)d invoice requested as PDF: it appears under Reports when ready.",
                    "%(count)d invoices requested as PDF: they appear under Reports when ready.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Record the selected fees as paid today"), permissions=["change"])
    def mark_paid(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda invoice: fees.record_fee_payment(
                invoice=invoice, paid_on=timezone.localdate(), actor=request.user
            ),
            done=lambda n: (
                ngettext("%(count)d fee recorded as paid.", "%(count)d fees recorded as paid.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Waive the selected fees"), permissions=["change"])
    def waive(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=WaiverForm,
            title=_("Waive these fees"),
            apply=lambda invoice, data: fees.waive_fee(
                invoice=invoice, reason=data["reason"], actor=request.user
            ),
            done=lambda n: (
                ngettext("%(count)d fee waived.", "%(count)d fees waived.", n) % {"count": n}
            ),
        )

    def get_urls(self):
        return [
            path(
                "issue/",
                self.admin_site.admin_view(self.issue_view),
                name="funding_feeinvoice_issue",
            ),
            *super().get_urls(),
        ]

    def issue_view(self, request):
        """Issue the year's invoices to every member the schedule fits."""
        if not request.user.has_perm("funding.change_feeinvoice"):
            raise Refused
        form = IssueForm(request.POST or None, initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            try:
                issued = fees.issue_annual_invoices(
                    year=form.cleaned_data["year"],
                    issued_on=timezone.localdate(),
                    actor=request.user,
                )
            except ValidationError as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    ngettext("%(count)d invoice issued.", "%(count)d invoices issued.", len(issued))
                    % {"count": len(issued)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:funding_feeinvoice_changelist"))
        return TemplateResponse(
            request,
            "admin/funding/issue_invoices.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": gettext("Issue the year's membership fee invoices"),
            },
        )
