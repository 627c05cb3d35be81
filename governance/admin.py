from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.scoping import ScopedChoicesMixin

from . import meeting_services, services
from .models import CoChairTerm, IscRegionTarget, IscSettings, IscTerm


class IscTermForm(forms.ModelForm):
    """Runs the seat rules while holding the committee's lock.

    The admin saves inside one transaction, so the lock taken here is held until the
    new term is saved: two staff members adding the 25th seat at once cannot both pass.
    """

    class Meta:
        model = IscTerm
        fields = ["person", "local_government", "capacity", "starts_on", "ends_on", "previous"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        services.check_isc_appointment(
            person=data["person"],
            local_government=data["local_government"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            exclude=self.instance,
        )
        return data


class CoChairTermForm(forms.ModelForm):
    class Meta:
        model = CoChairTerm
        fields = [
            "person",
            "local_government",
            "starts_on",
            "ends_on",
            "decided_on",
            "method",
            "result",
            "previous",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        services.check_co_chair_appointment(
            person=data["person"],
            local_government=data["local_government"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            exclude=self.instance,
        )
        return data


class RecordsAppointmentAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        if not change:
            obj.appointed_by = request.user
            obj.appointed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(IscTerm)
class IscTermAdmin(RecordsAppointmentAdmin):
    form = IscTermForm
    list_display = ["person", "local_government", "capacity", "starts_on", "ends_on", "previous"]
    list_filter = ["capacity", "local_government__region"]
    list_select_related = ["person", "local_government", "previous"]
    search_fields = ["person__full_name", "local_government__name"]
    autocomplete_fields = ["person", "local_government"]
    raw_id_fields = ["previous"]
    readonly_fields = ["appointed_by", "appointed_at"]
    date_hierarchy = "starts_on"
    actions = ["revoke_calendar_links"]

    @admin.action(
        description=_("Revoke the calendar links of the selected members"), permissions=["change"]
    )
    def revoke_calendar_links(self, request, queryset):
        """A leaked feed address stops working; the member finds a new one on their
        meetings page. People without an account have no feed, and are skipped."""
        users = {term.person.user for term in queryset.select_related("person__user")}
        users.discard(None)
        for user in users:
            meeting_services.replace_calendar_feed_key(user=user, actor=request.user)
        count = len(users)
        self.message_user(
            request,
            ngettext(
                "%(count)d calendar link revoked; its owner finds a new one on the meetings page.",
                "%(count)d calendar links revoked; their owners find new ones on the meetings "
                "page.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(CoChairTerm)
class CoChairTermAdmin(RecordsAppointmentAdmin):
    form = CoChairTermForm
    list_display = ["person", "local_government", "starts_on", "ends_on", "method", "decided_on"]
    list_select_related = ["person", "local_government"]
    autocomplete_fields = ["person", "local_government"]
    raw_id_fields = ["previous"]
    readonly_fields = ["appointed_by", "appointed_at"]


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


# Meetings and minutes, working groups and experts have their own admin modules.
from . import admin_groups, admin_meetings  # noqa: E402, F401
