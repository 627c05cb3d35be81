"""Partners ("Friends of Strong Cities") with their partnerships, agreements and
engagements, and what they give, host and co-organise, on one page.

Every save goes through ``funding.services.partners`` (each change its audit event); a
refusal is shown on the form and nothing is kept. Partners are the Management Unit's:
hub staff hold no permission on them.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hubs.models import Activity, Hub
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows

from ..models import Agreement, Contribution, Engagement, Partner, Partnership
from ..services import partners as partner_services
from .sections import FUNDING


class PartnerRowsMixin(ScopedChoicesMixin):
    """A partner's rows name their partner (the inline's heading): read with it."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner__organisation")


class PartnershipInline(PartnerRowsMixin, admin.TabularInline):
    model = Partnership
    extra = 0
    fields = ["kind", "hub", "since", "until"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "hub" and field is not None:
            # The hubs are read once for every row's select, not once a row.
            field.choices = list(field.choices)
        return field


class AgreementInline(PartnerRowsMixin, admin.StackedInline):
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


class EngagementInline(PartnerRowsMixin, admin.TabularInline):
    model = Engagement
    extra = 0
    fields = ["kind", "on", "summary"]


@admin.register(Partner)
class PartnerAdmin(ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin):
    """A partner's page: partnerships, agreements, engagements, and read-only what it
    gave (as a donor), the hubs it hosts and the activities it co-organises."""

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
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .prefetch_related("partnerships")
        )

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
        hubs = Hub.objects.filter(
            Q(host_id=obj.organisation_id) | Q(host_partnerships__partner=obj)
        ).distinct()
        return format_html_join(
            "",
            '<div><a href="{}">{}</a></div>',
            ((reverse("admin:hubs_hub_change", args=[hub.pk]), hub) for hub in hubs),
        ) or gettext("None")

    @admin.display(description=_("activities co-organised"))
    def activities_co_organised(self, obj):
        """The network's activities a partner organises (named as their partner), and the
        joint activities recorded among the engagements."""
        if obj is None or obj.pk is None:
            return "—"
        activities = Activity.objects.filter(partner_name__iexact=obj.organisation.name).order_by(
            "-starts_at"
        )
        joint = obj.engagements.filter(kind=Engagement.Kind.JOINT_ACTIVITY)
        return (
            format_html_join(
                "",
                '<div><a href="{}">{} · {}</a></div>',
                (
                    (
                        reverse("admin:hubs_activity_change", args=[a.pk]),
                        a.starts_at.date(),
                        a.title,
                    )
                    for a in activities
                ),
            )
            + format_html_join("", "<div>{} · {}</div>", ((e.on, e.summary[:80]) for e in joint))
        ) or gettext("None")

    def save_model(self, request, obj, form, change):
        partner_services.save_partner(
            partner=obj,
            actor=request.user,
            regions=form.cleaned_data.get("regions"),
            priorities=form.cleaned_data.get("priorities"),
        )

    def save_related(self, request, form, formsets, change):
        # The regions and priorities were set by the service (``save_model``).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        partner = form.instance
        actor = request.user
        if formset.model is Partnership:
            save_rows(
                formset,
                add=lambda row: partner_services.save_partnership(
                    partnership=_of(row, partner), actor=actor
                ),
                change=lambda row, changed: partner_services.save_partnership(
                    partnership=row, actor=actor
                ),
                remove=lambda row: partner_services.remove_partnership(
                    partnership=row, actor=actor
                ),
            )
        elif formset.model is Agreement:
            save_rows(
                formset,
                add=lambda row: partner_services.save_agreement(
                    agreement=_of(row, partner), actor=actor
                ),
                change=lambda row, changed: partner_services.save_agreement(
                    agreement=row, actor=actor
                ),
                remove=lambda row: partner_services.remove_agreement(agreement=row, actor=actor),
            )
        elif formset.model is Engagement:
            save_rows(
                formset,
                add=lambda row: partner_services.save_engagement(
                    engagement=_of(row, partner), actor=actor
                ),
                change=lambda row, changed: partner_services.save_engagement(
                    engagement=row, actor=actor
                ),
                remove=lambda row: partner_services.remove_engagement(engagement=row, actor=actor),
            )
        else:  # pragma: no cover - every inline is named above
            raise NotImplementedError(formset.model)

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


def _of(row, partner: Partner):
    """A new inline row belongs to the partner being saved (new itself, perhaps)."""
    row.partner = partner
    return row
