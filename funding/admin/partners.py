"""Partners ("Friends of Strong Cities") with their partnerships, agreements and
engagements, and what they give and host, on one page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hubs.models import Hub
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import Agreement, Contribution, Engagement, Partner, Partnership
from .sections import FUNDING


class PartnershipInline(ScopedChoicesMixin, admin.TabularInline):
    model = Partnership
    extra = 0
    fields = ["kind", "hub", "since", "until"]


class AgreementInline(ScopedChoicesMixin, admin.StackedInline):
    model = Agreement
    extra = 0
    fields = [
        "title",
        "signed_on",
        "starts_on",
        "ends_on",
        "renewal_notice_days",
        "document",
        "document_link",
    ]
    readonly_fields = ["document_link"]

    @admin.display(description=_("signed document"))
    def document_link(self, obj):
        if obj is None or obj.pk is None or not obj.document:
            return "—"
        url = reverse("admin:funding_partner_agreement", args=[obj.partner_id, obj.code])
        return format_html('<a href="{}">{}</a>', url, gettext("Download (PDF)"))


class EngagementInline(ScopedChoicesMixin, admin.TabularInline):
    model = Engagement
    extra = 0
    fields = ["kind", "on", "summary"]


@admin.register(Partner)
class PartnerAdmin(ScopedChoicesMixin, TranslationAdmin):
    """A partner's page: partnerships, agreements, engagements, and read-only what it
    gave (as a donor) and the hubs it hosts."""

    admin_section = FUNDING
    list_display = ["organisation", "kinds", "is_public"]
    list_filter = ["is_public", "partnerships__kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["regions", "priorities"]
    fields = [
        "organisation",
        "description",
        "countries",
        "regions",
        "priorities",
        "logo",
        "link",
        "is_public",
        "contributions",
        "hubs_hosted",
        "activities_co_organised",
    ]
    readonly_fields = ["contributions", "hubs_hosted", "activities_co_organised"]
    inlines = [PartnershipInline, AgreementInline, EngagementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partnerships")

    @admin.display(description=_("partnerships"))
    def kinds(self, obj):
        return ", ".join(str(p.get_kind_display()) for p in obj.partnerships.all())

    @admin.display(description=_("contributions"))
    def contributions(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = Contribution.objects.filter(donor__organisation_id=obj.organisation_id)
        if not rows:
            return gettext("None recorded")
        return format_html_join(
            "",
            '<div><a href="{}">{} · {} · {} USD</a></div>',
            (
                (
                    reverse("admin:funding_contribution_change", args=[c.pk]),
                    c.year,
                    c.amount,
                    c.amount_usd,
                )
                for c in rows
            ),
        )

    @admin.display(description=_("hubs hosted"))
    def hubs_hosted(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        hubs = Hub.objects.filter(host_id=obj.organisation_id) | Hub.objects.filter(
            host_partnerships__partner=obj
        )
        names = sorted({str(hub) for hub in hubs})
        return ", ".join(names) or gettext("None")

    @admin.display(description=_("activities co-organised"))
    def activities_co_organised(self, obj):
        # Activities are recorded by the hubs app; until they are, the engagements above
        # of kind "joint activity" are the record.
        if obj is None or obj.pk is None:
            return "—"
        joint = obj.engagements.filter(kind=Engagement.Kind.JOINT_ACTIVITY)
        return format_html_join(
            "", "<div>{} · {}</div>", ((e.on, e.summary[:80]) for e in joint)
        ) or gettext("None")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/agreements/<uuid:code>/document/",
                self.admin_site.admin_view(self.agreement_document),
                name="funding_partner_agreement",
            ),
            *super().get_urls(),
        ]

    def agreement_document(self, request, object_id, code):
        """An agreement's signed document: only to staff who may see agreements."""
        partner = self.get_object(request, unquote(object_id))
        if partner is None or not request.user.has_perm("funding.view_agreement"):
            raise Refused
        agreement = get_object_or_404(Agreement, code=code, partner=partner)
        if not agreement.document:
            raise Http404
        return FileResponse(
            agreement.document.open("rb"),
            as_attachment=True,
            filename=f"agreement-{agreement.code}.pdf",
            content_type="application/pdf",
        )
