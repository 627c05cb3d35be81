from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from members.admin.sections import NETWORK_DATA
from scn_portal.accounts.scoping import ScopedChoicesMixin

from ..models import Hub, HubStaff
from ..services import sync_hub_staff_access


class HubStaffInline(ScopedChoicesMixin, admin.TabularInline):
    model = HubStaff
    extra = 0
    raw_id_fields = ["user"]

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


@admin.register(Hub)
class HubAdmin(ScopedChoicesMixin, TranslationAdmin):
    """A hub, the regions it covers and its staff (assigning someone gives them admin
    access to those regions). Listed with the network's data: the hubs are how the network
    is organised. A hub closes by unticking "active", which ends its staff's access; it is
    never deleted (that would leave its staff's access in place)."""

    admin_section = NETWORK_DATA
    list_display = ["name", "host", "is_active"]
    filter_horizontal = ["regions"]
    inlines = [HubStaffInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        # Read before saving: ``deleted_objects`` exists only once the formset is saved.
        removed_users = [
            f.instance.user for f in formset.deleted_forms if f.instance.pk is not None
        ]
        super().save_formset(request, form, formset, change)
        if formset.model is HubStaff:
            for user in {*(a.user for a in form.instance.staff.all()), *removed_users}:
                sync_hub_staff_access(user=user)
