"""Membership certificates as staff see them, and the signatory printed on them.

Certificates are issued from the portal (``members.reports.request_certificate``) and never
edited: staff read them and revoke one with a reason, through the service. The signatory is
one record staff edit here, in each language.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import RegionScopedAdminMixin, ScopedChoicesMixin
from scn_portal.admin_site import ReadOnlyAdminMixin
from scn_portal.web.admin_actions import ask_then_apply
from scn_portal.web.admin_saving import ServiceSaveMixin
from scn_portal.web.admin_singletons import SingletonAdminMixin

from ..models import Certificate, CertificateSettings
from ..services import certificates
from .base import NAME_FIELDS
from .forms import RevocationForm
from .sections import MEMBERSHIP, NETWORK_DATA


class RevokedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("Valid")), ("yes", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    admin_section = MEMBERSHIP
    region_lookup = "local_government__region"
    list_display = ["number", "city", "issued_at", "language", "status"]
    list_filter = [RevokedFilter, "year", "language"]
    list_select_related = ["local_government"]
    search_fields = ["number", *(f"local_government__{field}" for field in NAME_FIELDS)]
    date_hierarchy = "issued_at"
    actions = ["revoke"]
    fields = [
        "number",
        "local_government",
        "status",
        "issued_at",
        "issued_by",
        "language",
        "member_since",
        "signatory_as_printed",
        "verification_link",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "ended_membership",
    ]
    readonly_fields = fields

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("members.revoke_certificate")

    @admin.display(description=_("city"), ordering="local_government__name")
    def city(self, obj: Certificate) -> str:
        return obj.local_government.name

    @admin.display(description=_("status"), ordering="revoked_at")
    def status(self, obj: Certificate) -> str:
        if obj.is_revoked:
            return gettext("Revoked")
        return gettext("Valid")

    @admin.display(description=_("signatory"))
    def signatory_as_printed(self, obj: Certificate) -> str:
        return "; ".join(
            f"{language}: {printed.get('name', '')}, {printed.get('title', '')}"
            for language, printed in obj.signatory.items()
        )

    @admin.display(description=_("verification page"))
    def verification_link(self, obj: Certificate) -> str:
        # Staff may give the link again to the city that holds the certificate.
        url = obj.verification_url()
        return format_html('<a href="{}" rel="noreferrer">{}</a>', url, url)

    @admin.action(description=_("Revoke the selected certificates"), permissions=["revoke"])
    def revoke(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=RevocationForm,
            title=_("Revoke these certificates"),
            apply=lambda c, data: certificates.revoke_certificate(
                certificate=c, reason=data["reason"], actor=request.user
            ),
            done=lambda n: (
                ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", n)
                % {"count": n}
            ),
        )


@admin.register(CertificateSettings)
class CertificateSettingsAdmin(
    SingletonAdminMixin, ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin
):
    """One record: the signatory printed on certificates issued from now on."""

    admin_section = NETWORK_DATA

    list_display = ["__str__", "signatory_name", "signatory_title"]
    fields = ["signatory_name", "signatory_title"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        certificates.save_certificate_settings(settings_row=obj, actor=request.user)
