"""Admin of the ISC: seats, co-chairs, the committee's settings and targets, and its terms
of reference. Terms are saved through ``services.isc`` (see ``saving``)."""

import rules
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each

from ..forms.isc import CoChairTermForm, IscTermForm
from ..models import CoChairTerm, IscRegionTarget, IscSettings, IscTerm, TermsOfReference
from ..services import isc as isc_services
from ..services import meetings as meeting_services
from .saving import take_saved


class TermAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A term is appointed, or corrected, by its service; who recorded it is stamped there."""

    appoint = None  # the service that creates a term of this kind
    correct = None  # the service that changes one

    autocomplete_fields = ["person", "local_government"]
    raw_id_fields = ["previous"]
    readonly_fields = ["appointed_by", "appointed_at"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.form._meta.fields}
        if change:
            type(self).correct(term=obj, actor=request.user, **data)
        else:
            take_saved(obj, type(self).appoint(actor=request.user, **data))


@admin.register(IscTerm)
class IscTermAdmin(TermAdmin):
    form = IscTermForm
    appoint = isc_services.appoint_isc_member
    correct = isc_services.change_isc_term
    list_display = ["person", "local_government", "capacity", "starts_on", "ends_on", "previous"]
    list_filter = ["capacity", "local_government__region"]
    list_select_related = ["person", "local_government", "previous"]
    search_fields = ["person__full_name", "local_government__name"]
    date_hierarchy = "starts_on"
    actions = ["renew", "revoke_calendar_links"]

    @admin.action(description=_("Renew the selected terms"), permissions=["add"])
    def renew(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.select_related("person", "local_government"),
            lambda term: isc_services.renew_isc_term(term=term, actor=request.user),
            done=lambda n: (
                ngettext("%(count)d term renewed.", "%(count)d terms renewed.", n) % {"count": n}
            ),
        )

    def has_replace_calendar_link_permission(self, request):
        return rules.has_perm("governance.replace_calendar_link", request.user)

    @admin.action(
        description=_("Revoke the calendar links of the selected members"),
        permissions=["replace_calendar_link"],
    )
    def revoke_calendar_links(self, request, queryset):
        """A leaked feed address stops working; the member finds a new one on their
        meetings page. People without an account have no feed, and are skipped."""
        users = {term.person.user for term in queryset.select_related("person__user")}
        users.discard(None)
        apply_to_each(
            self,
            request,
            users,
            lambda user: meeting_services.replace_calendar_feed_key(user=user, actor=request.user),
            done=lambda n: (
                ngettext(
                    "%(count)d calendar link revoked; its owner finds a new one on the meetings "
                    "page.",
                    "%(count)d calendar links revoked; their owners find new ones on the meetings "
                    "page.",
                    n,
                )
                % {"count": n}
            ),
        )


@admin.register(CoChairTerm)
class CoChairTermAdmin(TermAdmin):
    form = CoChairTermForm
    appoint = isc_services.appoint_co_chair
    correct = isc_services.change_co_chair_term
    list_display = ["person", "local_government", "starts_on", "ends_on", "method", "decided_on"]
    list_select_related = ["person", "local_government"]


@admin.register(IscSettings)
class IscSettingsAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["__str__", "max_seats", "term_years", "max_region_share"]

    def has_add_permission(self, request):
        return not IscSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IscRegionTarget)
class IscRegionTargetAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["region", "target_seats"]
    list_select_related = ["region"]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(ScopedChoicesMixin, TranslationAdmin):
    """A version in force is never edited: a change is a new version (the old stays public)."""

    list_display = ["label", "effective_on", "in_force"]
    search_fields = ["label"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        current = TermsOfReference.objects.current()
        return current is not None and current.pk == obj.pk

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.effective_on <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-version check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
