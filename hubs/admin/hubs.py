import rules
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from members.admin.sections import NETWORK_DATA
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows
from scn_portal.web.admin_singletons import SingletonAdminMixin

from ..models import CentralTeam, Hub, HubStaff
from ..rules import staff_hub_ids
from ..services import (
    change_team_member,
    coverage_conflicts,
    edit_own_hub,
    save_hub,
    sync_hub_staff_access,
)
from ..services.helpdesk import save_central_team

# What hub staff may not change on their own hub's page: all but its description.
HUB_STAFF_READ_ONLY = [
    "slug",
    "name",
    "status",
    "launched_on",
    "closed_on",
    "regions",
    "countries",
    "host",
    "staffed_by_management_unit",
    "first_response_hours",
]


class HubStaffInline(ScopedChoicesMixin, admin.TabularInline):
    model = HubStaff
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "is_public"]

    # Hub staff set their team's roles and who the public page shows; who is on the team
    # (which gives admin access) is the Management Unit's.
    def get_readonly_fields(self, request, obj=None):
        return ["user"] if not is_mu_staff(request.user) else []

    def has_add_permission(self, request, obj=None):
        return is_mu_staff(request.user) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_mu_staff(request.user) and super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class NotOneself(base):
            """An assignment gives admin access: nobody assigns (or removes) themselves."""

            def clean(self):
                super().clean()
                for form in self.forms:
                    user = form.cleaned_data.get("user") if hasattr(form, "cleaned_data") else None
                    if user is not None and user.pk == request.user.pk and form.has_changed():
                        raise ValidationError(
                            _("Nobody assigns themselves to a hub: ask another staff member.")
                        )

        return NotOneself


class HubForm(forms.ModelForm):
    """Two active hubs never serve the same country or region: each city has one hub."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Hub.Status.ACTIVE:
            for message in coverage_conflicts(
                hub=self.instance,
                regions=cleaned.get("regions") or [],
                countries=cleaned.get("countries") or [],
            ):
                self.add_error(None, message)
        return cleaned


@admin.register(Hub)
class HubAdmin(ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin):
    """A hub, what it covers (regions and/or countries), its host, its team and its
    help-desk target. Assigning someone gives them admin access to the hub's cities while
    the hub is active. Listed with the network's data: the hubs are how the network is
    organised. A hub closes by its status, which ends its staff's access; it is never
    deleted (its help-desk requests and assessments are its history)."""

    admin_section = NETWORK_DATA
    form = HubForm
    list_display = ["name", "status", "host", "staffed_by_management_unit", "launched_on"]
    list_select_related = ["host"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["regions"]
    inlines = [HubStaffInline]
    fieldsets = [
        (None, {"fields": ["slug", "name", "description"]}),
        (_("Status"), {"fields": ["status", "launched_on", "closed_on"]}),
        (_("Coverage"), {"fields": ["regions", "countries"]}),
        (_("Host and staffing"), {"fields": ["host", "staffed_by_management_unit"]}),
        (_("Help desk"), {"fields": ["first_response_hours"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_mu_staff(request.user):
            return queryset
        # Hub staff: their own active hubs; another hub "does not exist".
        return queryset.filter(pk__in=staff_hub_ids(request.user))

    def get_readonly_fields(self, request, obj=None):
        if is_mu_staff(request.user):
            return super().get_readonly_fields(request, obj)
        return self.replace_orig_field(HUB_STAFF_READ_ONLY)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None
            or is_mu_staff(request.user)
            or rules.has_perm("hubs.edit_own_hub", request.user, obj)
        )

    def has_add_permission(self, request):
        return is_mu_staff(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if is_mu_staff(request.user):
            save_hub(hub=obj, actor=request.user)
            return
        prefix = "description_"
        edit_own_hub(
            hub=obj,
            actor=request.user,
            description={
                name.removeprefix(prefix): value
                for name, value in form.cleaned_data.items()
                if name.startswith(prefix)
            },
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is HubStaff and not is_mu_staff(request.user):

            def refuse(row):
                raise ValidationError(_("Who is on the team is the Management Unit's to change."))

            save_rows(
                formset,
                add=refuse,
                change=lambda row, changed: change_team_member(
                    assignment=row, actor=request.user, role=row.role, is_public=row.is_public
                ),
                remove=refuse,
            )
            return
        # Read before saving: ``deleted_objects`` exists only once the formset is saved.
        removed_users = [
            f.instance.user for f in formset.deleted_forms if f.instance.pk is not None
        ]
        super().save_formset(request, form, formset, change)
        if formset.model is HubStaff:
            for user in {*(a.user for a in form.instance.staff.all()), *removed_users}:
                sync_hub_staff_access(user=user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not is_mu_staff(request.user):
            return  # neither the status nor the team changed: access stays as it was
        # The status decides access: a hub that closes (or opens) changes its staff's.
        for assignment in form.instance.staff.select_related("user"):
            sync_hub_staff_access(user=assignment.user)


@admin.register(CentralTeam)
class CentralTeamAdmin(SingletonAdminMixin, ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """One record: the central team, which answers the cities no active hub serves, and
    its help-desk first-response target. A changed target re-times the requests it still
    owes a first answer."""

    admin_section = NETWORK_DATA
    list_display = ["__str__", "first_response_hours"]
    fields = ["first_response_hours"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        save_central_team(team=obj, actor=request.user)
