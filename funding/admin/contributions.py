"""Contributions, their instalments and receipts, exchange rates and operating costs.

Every save goes through ``funding.services``: a refusal (a missing rate, an unknown
currency, more received than pledged) is shown on the form and nothing is kept.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows, take_saved

from ..models import Contribution, ExchangeRate, Instalment, OperatingCost, Receipt
from ..services import contributions as contribution_services
from ..services import rates as rate_services
from .sections import FUNDING

CONTRIBUTION_FIELDS = [
    "donor",
    "kind",
    "year",
    "amount",
    "pledged_on",
    "in_kind_type",
    "description",
    "support_type",
    "hub",
    "priority",
    "activity",
    "period_start",
    "period_end",
    "allow_over_receipt",
]


class InstalmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = Instalment
    extra = 0
    fields = ["due_on", "amount"]


class ReceiptInline(ScopedChoicesMixin, admin.TabularInline):
    model = Receipt
    extra = 0
    fields = ["received_on", "amount", "reference"]

    def has_delete_permission(self, request, obj=None):
        return False  # money received stays on the ledger; a correction is a new row


@admin.register(Contribution)
class ContributionAdmin(
    LargeListAdminMixin, ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin
):
    """A pledge or in-kind support. The rate to USD is looked up when it is saved (from
    the exchange rates entered) and shown read-only with its date."""

    admin_section = FUNDING
    # The latest year first, the latest recorded first within it (an index); by donor on
    # a click of its column.
    ordering = ["-year", "-pk"]
    list_display = ["donor", "year", "kind", "amount", "usd", "rate_on", "earmark"]
    list_filter = ["year", "kind", "support_type"]
    list_select_related = ["donor__organisation", "support_type", "hub", "priority", "activity"]
    search_fields = ["donor__organisation__name", "description"]
    autocomplete_fields = ["donor", "activity"]
    fields = [*CONTRIBUTION_FIELDS, "usd_rate", "rate_on"]
    readonly_fields = ["usd_rate", "rate_on"]
    inlines = [InstalmentInline, ReceiptInline]

    @admin.display(description=_("amount (USD)"))
    def usd(self, obj):
        return obj.amount_usd

    @admin.display(description=_("earmarked to"))
    def earmark(self, obj):
        return "; ".join(obj.earmarks()) or gettext("Unrestricted")

    def has_delete_permission(self, request, obj=None):
        return False  # a contribution is corrected, never removed from the ledger

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CONTRIBUTION_FIELDS}
        money = data.pop("amount")
        fields = {k: v for k, v in data.items() if k not in ("donor", "kind", "year", "pledged_on")}
        if change:
            saved = contribution_services.change_contribution(
                contribution=obj,
                amount=money.amount,
                currency=str(money.currency),
                pledged_on=data["pledged_on"],
                actor=request.user,
                donor=data["donor"],
                kind=data["kind"],
                year=data["year"],
                **fields,
            )
        else:
            saved = contribution_services.record_contribution(
                donor=data["donor"],
                kind=data["kind"],
                year=data["year"],
                amount=money.amount,
                currency=str(money.currency),
                pledged_on=data["pledged_on"],
                actor=request.user,
                **fields,
            )
        take_saved(obj, saved)

    def save_formset(self, request, form, formset, change):
        contribution = form.instance
        if formset.model is Instalment:
            save_rows(
                formset,
                add=lambda row: contribution_services.schedule_instalment(
                    contribution=contribution,
                    due_on=row.due_on,
                    amount=row.amount,
                    actor=request.user,
                ),
                change=lambda row, changed: contribution_services.change_instalment(
                    instalment=row, due_on=row.due_on, amount=row.amount, actor=request.user
                ),
            )
        else:
            save_rows(
                formset,
                add=lambda row: contribution_services.record_receipt(
                    contribution=contribution,
                    received_on=row.received_on,
                    amount=row.amount,
                    reference=row.reference,
                    actor=request.user,
                ),
                change=_refuse_receipt_change,
            )


def _refuse_receipt_change(row, changed):
    raise ValidationError(
        _("A receipt is not changed: record a correcting receipt instead."),
        code="receipt_locked",
    )


class RateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One rate a line, with the header currency,date,usd_per_unit "
            "(for example EUR,2024-01-15,1.0875)."
        ),
    )
    source = forms.CharField(label=_("source"), max_length=200, required=False)


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "on", "usd_per_unit", "source"]

    def clean_currency(self):
        return rate_services.check_currency(self.cleaned_data["currency"])


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    form = ExchangeRateForm
    list_display = ["currency", "on", "usd_per_unit", "source"]
    list_filter = ["currency"]
    search_fields = ["currency", "source"]
    date_hierarchy = "on"
    change_list_template = "admin/funding/exchangerate/change_list.html"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        take_saved(
            obj,
            rate_services.record_exchange_rate(
                currency=data["currency"],
                on=data["on"],
                usd_per_unit=data["usd_per_unit"],
                source=data["source"],
                actor=request.user,
            ),
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="funding_exchangerate_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Import rates from a CSV file: every line checked first, nothing saved if one is
        wrong (each wrong line is listed)."""
        if not self.has_add_permission(request):
            raise Refused
        form = RateImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                form.add_error("file", gettext("The file must be UTF-8 text."))
            else:
                try:
                    saved = rate_services.import_exchange_rates(
                        text=text, source=form.cleaned_data["source"], actor=request.user
                    )
                except ValidationError as refusal:
                    for message in refusal.messages:
                        form.add_error("file", message)
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d exchange rate imported.",
                            "%(count)d exchange rates imported.",
                            len(saved),
                        )
                        % {"count": len(saved)},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:funding_exchangerate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": gettext("Import exchange rates from CSV"),
        }
        return TemplateResponse(request, "admin/funding/import_rates.html", context)


@admin.register(OperatingCost)
class OperatingCostAdmin(ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["year", "amount_usd", "notes"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        take_saved(
            obj,
            contribution_services.record_operating_costs(
                year=data["year"],
                amount_usd=data["amount_usd"],
                notes=data["notes"],
                actor=request.user,
            ),
        )
