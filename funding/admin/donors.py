from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import ask_then_apply

from ..models import Donor, SupportType
from ..reports import request_donor_report
from .sections import FUNDING


class DonorReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"), min_value=2015, initial=lambda: timezone.localdate().year - 1
    )
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)


@admin.register(Donor)
class DonorAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    list_display = ["organisation", "naming", "since"]
    list_filter = ["naming"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
    actions = ["donor_report"]

    @admin.action(description=_("Donor report for a year (PDF)"), permissions=["view"])
    def donor_report(self, request, queryset):
        """Queue each selected donor's report; the PDFs appear under Reports when ready."""
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=DonorReportForm,
            title=_("Donor report for a year"),
            apply=lambda donor, data: request_donor_report(
                donor=donor, year=data["year"], language=data["language"], actor=request.user
            ),
            done=lambda n: (
                ngettext(
                    "%(count)d donor report requested: it appears under Reports when ready.",
                    "%(count)d donor reports requested: they appear under Reports when ready.",
                    n,
                )
                % {"count": n}
            ),
        )


@admin.register(SupportType)
class SupportTypeAdmin(ScopedChoicesMixin, TranslationAdmin):
    """The types of support donors fund (seeded with the strategy's five)."""

    admin_section = FUNDING
    list_display = ["number", "title", "funds_fund_grants"]

    def has_delete_permission(self, request, obj=None):
        return False  # contributions and grants are reported by them
